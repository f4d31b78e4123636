/** The tray and window icon: a 32×32 PNG (a blue dot), inlined so the bundle needs no asset files. */
export const ICON_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAvUlEQVR42t2XvRGAIAxGWYCJbNmBHdghjRM4DTuwkK3GO2g4BH8giRav4fS+JwgkappXxYn6ooBGDOIQiLg4pkcKWMQjWwMfn+0mcHxZuBCcE+K7rwTgQXAOPBVYOoQnlrsC0DG8OhNna74NwlwRCAMFQkvADgxP2JqAJxDwZwKaIDyhSwKGUMCUBByhgCsJAKEAiBRgXwL2n5B9G7IfRCKOYvbLSMR1zF6QiCjJRBSlIspyEY2JmNbsn93xDr+QByROUPtbAAAAAElFTkSuQmCC';
