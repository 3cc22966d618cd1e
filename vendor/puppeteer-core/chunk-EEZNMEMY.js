import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{a}from"./chunk-MMQSDDSN.js";import{e as n}from"./chunk-FDP46XJR.js";var e=n(a(),1);function o(r){switch(r){case"chrome":return e.ChromeReleaseChannel.STABLE;case"chrome-dev":return e.ChromeReleaseChannel.DEV;case"chrome-beta":return e.ChromeReleaseChannel.BETA;case"chrome-canary":return e.ChromeReleaseChannel.CANARY}}export{o as convertPuppeteerChannelToBrowsersChannel};
/*! Bundled license information:

puppeteer-core/lib/esm/puppeteer/node/LaunchOptions.js:
  (**
   * @license
   * Copyright 2020 Google Inc.
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
