export { SimError, type SimErrorCode } from './sim-error.js';
export { SimClock } from './sim-clock.js';
export { EventQueue, type EventQueueOptions } from './event-queue.js';
export { SimCalendar, WEEKDAYS, SECONDS_PER_DAY, SECONDS_PER_HOUR, type Weekday, type SimCalendarOptions } from './sim-calendar.js';
