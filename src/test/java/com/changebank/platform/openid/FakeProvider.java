package com.changebank.platform.openid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The provider as the hooks reach it: each call recorded, each answered with the one answer a test gives. */
final class FakeProvider extends ProviderClient {

    /** One call: its method, endpoint, form (a POST's) and bearer token (a GET's). */
    record Call(String method, String uri, Map<String, String> form, String bearerToken) {
    }

    final List<Call> calls = new ArrayList<>();
    private final Answer answer;

    FakeProvider(int status, String json) {
        this.answer = new Answer(status, "application/json", json);
    }

    @Override
    public String endpoint(String name) {
        return "https://id.example/" + name;
    }

    @Override
    public Answer get(String uri, String bearerToken) {
        calls.add(new Call("GET", uri, Map.of(), bearerToken));
        return answer;
    }

    @Override
    public Answer post(String uri, Map<String, String> form) {
        calls.add(new Call("POST", uri, Map.copyOf(form), null));
        return answer;
    }
}
