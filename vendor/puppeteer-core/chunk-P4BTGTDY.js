import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{a as n}from"./chunk-DBIMCMJV.js";import{c as w,e as u}from"./chunk-FDP46XJR.js";var i=w((m,a)=>{var r=()=>{throw new Error("ws is not shipped with Octavo")};a.exports=new Proxy(r,{get:(o,e)=>e==="__esModule"?!1:r})});var c=u(i(),1);var l=class o{static create(e,s){return new Promise((d,h)=>{let t=new c.default(e,[],{followRedirects:!0,perMessageDeflate:!1,allowSynchronousEvents:!1,maxPayload:268435456,headers:{"User-Agent":`Puppeteer ${n}`,...s}});t.addEventListener("open",()=>d(new o(t))),t.addEventListener("error",h)})}#e;onmessage;onclose;constructor(e){this.#e=e,this.#e.addEventListener("message",s=>{this.onmessage&&this.onmessage.call(null,s.data)}),this.#e.addEventListener("close",()=>{this.onclose&&this.onclose.call(null)}),this.#e.addEventListener("error",()=>{})}send(e){this.#e.send(e)}close(){this.#e.close()}};export{l as NodeWebSocketTransport};
/*! Bundled license information:

puppeteer-core/lib/esm/puppeteer/node/NodeWebSocketTransport.js:
  (**
   * @license
   * Copyright 2018 Google Inc.
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
