/**
 * A string hash with no module to load (node:crypto costs a command ~5 ms of CPU as it loads, measured here):
 * task ids, and the checksums and names of small cache files.
 */

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain, by bryc). */
export function hash53(value: string): number {
	let h1 = 0xde_ad_be_ef;
	let h2 = 0x41_c6_ce_57;
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		h1 = Math.imul(h1 ^ code, 2_654_435_761);
		h2 = Math.imul(h2 ^ code, 1_597_334_677);
	}

	h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
	return 4_294_967_296 * (2_097_151 & h2) + (h1 >>> 0);
}
