import { describe, expect, it } from 'vitest';
import { AttributionWindow } from '../../src/attribution/index.js';

describe('AttributionWindow', () => {
  const window = new AttributionWindow({ clickWindowDays: 7, viewWindowHours: 24 });
  const click = 100;
  const weekAfterClick = click + 7 * 86_400;

  it('credits the click up to clickWindowDays after it, inclusive, and nothing one second later', () => {
    expect(window.attribute(90, click, click + 20)).toBe('click');
    expect(window.attribute(90, click, weekAfterClick)).toBe('click');
    expect(window.attribute(90, click, weekAfterClick + 1)).toBeNull();
  });

  it('credits the impression only without a click and within viewWindowHours', () => {
    expect(window.attribute(0, NaN, 3_600)).toBe('view');
    expect(window.attribute(0, NaN, 86_400)).toBe('view');
    expect(window.attribute(0, NaN, 86_401)).toBeNull();
  });

  it('never credits a clicked impression view-through, even when the click window has passed', () => {
    const short = new AttributionWindow({ clickWindowDays: 1, viewWindowHours: 168 });
    expect(short.attribute(0, 10, 86_411)).toBeNull();
  });

  it('turns view-through off at viewWindowHours 0', () => {
    const off = new AttributionWindow({ clickWindowDays: 7, viewWindowHours: 0 });
    expect(off.attribute(0, NaN, 0)).toBeNull();
    expect(off.attribute(0, 0, 0)).toBe('click');
  });
});
