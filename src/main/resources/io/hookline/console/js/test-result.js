// The answer of "Save and test": what the receiver said, how long it took, and its body.
import { h } from './dom.js';
import { ms, outcome, time } from './format.js';

export function testResult(attempt) {
  const response = attempt.response;
  return h('section', { class: 'panel test-result', 'aria-labelledby': 'test-result-title', id: 'test-result' },
    h('h2', { id: 'test-result-title', tabindex: '-1' }, 'Test result'),
    h('p', {}, outcome(attempt.success, response && response.status_code, attempt.error),
      attempt.success ? ' The receiver accepted the test event.' : ' The receiver did not accept the test event.'),
    h('dl', { class: 'facts' },
      fact('Status', response ? String(response.status_code) : 'no answer', 'test-status'),
      fact('Duration', ms(attempt.duration_ms), 'test-duration'),
      fact('Event', `${attempt.event_type} · ${attempt.event_id}`),
      fact('Sent', time(attempt.attempted_at)),
      attempt.error ? fact('Error', attempt.error) : null),
    h('h3', {}, 'Response body'),
    h('pre', { id: 'test-response-body' }, response && response.body ? response.body : '(empty)'));
}

function fact(label, value, id) {
  return h('div', {}, h('dt', {}, label), h('dd', { id }, value));
}
