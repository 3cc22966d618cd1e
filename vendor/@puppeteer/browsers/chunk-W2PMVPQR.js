import { createRequire as __octavoRequire } from 'node:module'; const require = __octavoRequire(import.meta.url);
import{a as e,b as i,d as r,e as p}from"./chunk-SJSDDQAY.js";import"./chunk-FDP46XJR.js";var f=(o,t,m)=>p(o,t,m,r);export{e as Parser,f as applyExtends,i as hideBin};
