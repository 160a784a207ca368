// Just-in-time compiled (the template compiler ships in the bundle), so esbuild alone can build
// the example; an Angular CLI app compiles templates ahead of time and needs neither line 1 nor
// anything else here to change.
import '@angular/compiler';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './App.js';

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((err: unknown) => console.error(err));
