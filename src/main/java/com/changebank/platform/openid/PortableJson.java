package com.changebank.platform.openid;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.Serial;
import java.io.Serializable;
import java.io.StringReader;
import java.util.AbstractMap;
import java.util.Set;

/**
 * A JSON object that serializes, as its text: the user's claims from the userinfo endpoint, kept in the
 * {@link LoginState} (the JSON-P implementations' objects do not serialize). Read-only, like every JSON-P object.
 */
final class PortableJson extends AbstractMap<String, JsonValue> implements JsonObject, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Looked up once: {@code Json.createReader} looks the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final String text;
    private transient JsonObject object;

    private PortableJson(JsonObject object) {
        this.text = object.toString();
        this.object = object;
    }

    static PortableJson of(JsonObject object) {
        return object instanceof PortableJson portable ? portable : new PortableJson(object);
    }

    private JsonObject object() {
        if (object == null) {
            try (JsonReader reader = JSON.createReader(new StringReader(text))) {
                object = reader.readObject();
            }
        }
        return object;
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return object().entrySet();
    }

    @Override
    public JsonValue get(Object key) {
        return object().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return object().containsKey(key);
    }

    @Override
    public JsonArray getJsonArray(String name) {
        return object().getJsonArray(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return object().getJsonObject(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return object().getJsonNumber(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return object().getJsonString(name);
    }

    @Override
    public String getString(String name) {
        return object().getString(name);
    }

    @Override
    public String getString(String name, String defaultValue) {
        return object().getString(name, defaultValue);
    }

    @Override
    public int getInt(String name) {
        return object().getInt(name);
    }

    @Override
    public int getInt(String name, int defaultValue) {
        return object().getInt(name, defaultValue);
    }

    @Override
    public boolean getBoolean(String name) {
        return object().getBoolean(name);
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        return object().getBoolean(name, defaultValue);
    }

    @Override
    public boolean isNull(String name) {
        return object().isNull(name);
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    @Override
    public String toString() {
        return text;
    }
}
