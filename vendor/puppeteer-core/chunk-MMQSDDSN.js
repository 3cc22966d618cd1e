import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{c as o}from"./chunk-FDP46XJR.js";var s=o((n,r)=>{var e=()=>{throw new Error("@puppeteer/browsers is not shipped with Octavo")};r.exports=new Proxy(e,{get:(p,t)=>t==="__esModule"?!1:e})});export{s as a};
