import {useEffect, useState} from 'react';
import type {ClockReading} from '../../core/types.js';

/** What the clock reads, updated on each new minute. */
export function useClock({now}: {readonly now: () => ClockReading}): ClockReading {
	const [reading, setReading] = useState(now);
	useEffect(() => {
		let timer: NodeJS.Timeout;
		const tick = () => {
			setReading(now());
			timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 20);
			timer.unref?.();
		};

		timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 20);
		timer.unref?.();
		return () => {
			clearTimeout(timer);
		};
	}, [now]);
	return reading;
}
