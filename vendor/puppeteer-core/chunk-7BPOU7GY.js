import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{a}from"./chunk-X7HEUKWW.js";import"./chunk-FDP46XJR.js";export{a as BrowserWebSocketTransport};
