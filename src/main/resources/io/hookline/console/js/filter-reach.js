// Which chosen event types a filter can still let through. The contract: every key must match, and a key that does
// not apply to an event does not match it. So call_status with message types, emoji without message:reaction or
// direction with reactions only leaves those types with nothing, and the API takes such a webhook without a word:
// the form says it, in plain words, before the save (which may still go ahead).
import { h } from './dom.js';

const MESSAGE = 'messages are sent or received';
const CALL_IN = 'these calls are incoming';
const CALL_OUT = 'these calls are outgoing';

/** Per event type, what its events can carry for the keys that some events lack; a key absent here never applies. */
const CARRIES = {
  'message:new': { direction: [['sent', 'received'], MESSAGE] },
  'message:sent:new': { direction: [['sent'], 'these messages are sent'] },
  'message:received:new': { direction: [['received'], 'these messages are received'] },
  'call:incoming:missed': { direction: [['incoming'], CALL_IN], call_status: [['Missed'], 'these calls are Missed'] },
  'call:incoming:ended': {
    direction: [['incoming'], CALL_IN],
    call_status: [['Answered', 'Rejected', 'Declined'], 'these calls are Answered or Rejected'],
  },
  'call:outgoing:ended': {
    direction: [['outgoing'], CALL_OUT],
    call_status: [['Ended', 'No Answer', 'Rejected', 'Declined'], 'these calls are Ended, No Answer or Rejected'],
  },
  'message:reaction': { emoji: [null, ''] },
};

const LACKS = {
  direction: 'reactions have no direction',
  call_status: 'only calls have a call status',
  emoji: 'only reactions have an emoji',
};

/** Why the filter stops every event of this type, or null when some can pass (or the type is not known here). */
function blocked(type, filter) {
  const carries = CARRIES[type];
  if (!carries) return null;
  for (const key of Object.keys(LACKS)) {
    if (!filter || filter[key] === undefined || filter[key] === null) continue;
    if (!carries[key]) return `${key} is set, but ${LACKS[key]}`;
    const [values, why] = carries[key];
    const wanted = Array.isArray(filter[key]) ? filter[key] : [filter[key]];
    if (values && !wanted.some(v => values.includes(v))) return `${key} is ${wanted.join(' or ')}, but ${why}`;
  }
  return null;
}

/** The warning for these types and this filter, or null when every chosen type can still arrive. */
export function filterWarning(types, filter) {
  const stopped = (types || []).map(t => [t, blocked(t, filter)]).filter(([, why]) => why);
  if (stopped.length === 0) return null;
  const all = stopped.length === types.length;
  return h('div', { class: 'alert info', id: 'filter-warning' },
    h('p', {}, h('strong', {}, all
      ? 'With this filter the webhook will receive nothing at all.'
      : 'With this filter the webhook will never receive some of the chosen event types.')),
    h('ul', {}, stopped.map(([type, why]) => h('li', {}, h('code', {}, type), ` events will never be sent: ${why}.`))),
    h('p', { class: 'small' }, 'A filter key that does not apply to an event does not match it. Change the filter or '
      + 'the event types; you can still save as it is.'));
}
