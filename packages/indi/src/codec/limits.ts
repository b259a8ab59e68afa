import { Limits } from '@labwire/core';

/** Size limits of the INDI decoder (DESIGN defaults, from `Limits` of @labwire/core). */
export interface IndiDecoderLimits {
  /** Largest element, BLOB bodies excluded (bytes). */
  maxElementBytes: number;
  /** Largest BLOB after base64 decoding (bytes). */
  maxBlobBytes: number;
  /** Largest inflated `.z` BLOB (bytes). */
  maxInflateBytes: number;
  /** Largest inflate ratio (inflated / compressed). */
  maxInflateRatio: number;
}

export const INDI_DEFAULT_LIMITS: Readonly<IndiDecoderLimits> = Object.freeze({
  maxElementBytes: Limits.indiElementBytes,
  maxBlobBytes: Limits.indiBlobBytes,
  maxInflateBytes: Limits.indiInflateBytes,
  maxInflateRatio: Limits.indiInflateRatio,
});
