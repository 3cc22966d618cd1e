import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
var e="24.43.1";export{e as a};
/*! Bundled license information:

puppeteer-core/lib/esm/puppeteer/util/version.js:
  (**
   * @license
   * Copyright 2025 Google Inc.
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
