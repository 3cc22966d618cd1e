import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import"./chunk-FDP46XJR.js";import{ChromeReleaseChannel as e}from"@puppeteer/browsers";function a(r){switch(r){case"chrome":return e.STABLE;case"chrome-dev":return e.DEV;case"chrome-beta":return e.BETA;case"chrome-canary":return e.CANARY}}export{a as convertPuppeteerChannelToBrowsersChannel};
/*! Bundled license information:

puppeteer-core/lib/esm/puppeteer/node/LaunchOptions.js:
  (**
   * @license
   * Copyright 2020 Google Inc.
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
