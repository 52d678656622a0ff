import { apiKeyScope, forbiddenMessage, topicScope } from './sender-scope';

describe('sender scopes', () => {
  it('an API key allows its own source only', () => {
    const scope = apiKeyScope('flood-sensor/a');
    expect(scope.allows('flood-sensor/a')).toBe(true);
    expect(scope.allows('flood-sensor/b')).toBe(false);
    expect(forbiddenMessage(scope, 'flood-sensor/b')).toBe("forbidden: this API key may only send events for source flood-sensor/a, not 'flood-sensor/b'");
  });

  it('an MQTT topic names a source, a source type, or (bare) any source', () => {
    expect(topicScope('cityops/events')).toBeUndefined();
    expect(topicScope('cityops/events/')).toBeUndefined();
    const type = topicScope('cityops/events/flood-sensor')!;
    expect([type.allows('flood-sensor/a'), type.allows('flood-sensorx/a'), type.allows('camera-ai/a')]).toEqual([true, false, false]);
    const source = topicScope('cityops/events/flood-sensor/a')!;
    expect([source.allows('flood-sensor/a'), source.allows('flood-sensor/ab'), source.allows('flood-sensor')]).toEqual([true, false, false]);
    expect(topicScope('elsewhere/x')!.allows('flood-sensor/a')).toBe(false);
  });
});
