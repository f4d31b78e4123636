/**
 * The window and tray icon, drawn by the same code as the packaged app's icons
 * (packaging/appIcon.ts), so the bundle needs no asset files.
 */
import { nativeImage, type NativeImage } from 'electron';
import { renderIconPng } from './packaging/appIcon.js';

export function appIcon(size: number): NativeImage {
  return nativeImage.createFromBuffer(renderIconPng(size));
}
