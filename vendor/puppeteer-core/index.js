import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{Ga as e}from"./chunk-YDUYLXPX.js";import"./chunk-X7HEUKWW.js";import"./chunk-DBIMCMJV.js";import"./chunk-FDP46XJR.js";var t=new e({isPuppeteerCore:!0}),{connect:p}=t,r=t;export{r as default};
/*! Bundled license information:

puppeteer-core/lib/esm/puppeteer/puppeteer-core-browser.js:
  (**
   * @license
   * Copyright 2017 Google Inc.
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
