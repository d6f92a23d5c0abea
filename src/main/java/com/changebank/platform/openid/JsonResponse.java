package com.changebank.platform.openid;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A provider's JSON answer as the JAX-RS response that Soteria 3 and WildFly's copy read their token answers
 * from: {@code getStatus()} and {@code readEntity(String.class)}. A response built with {@code Response.ok(...)}
 * will not do: on Jersey (Payara 6) an outbound response refuses {@code readEntity}.
 */
final class JsonResponse extends Response {

    private final int status;
    private final String body;

    JsonResponse(int status, String body) {
        this.status = status;
        this.body = body;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public StatusType getStatusInfo() {
        return Status.fromStatusCode(status);
    }

    @Override
    public Object getEntity() {
        return body;
    }

    @Override
    public <T> T readEntity(Class<T> type) {
        return read(type);
    }

    @Override
    public <T> T readEntity(GenericType<T> type) {
        return read(type.getRawType());
    }

    @Override
    public <T> T readEntity(Class<T> type, Annotation[] annotations) {
        return read(type);
    }

    @Override
    public <T> T readEntity(GenericType<T> type, Annotation[] annotations) {
        return read(type.getRawType());
    }

    @SuppressWarnings("unchecked")
    private <T> T read(Class<?> type) {
        if (type != String.class) {
            throw new IllegalStateException("The provider's answer is read as a String, not " + type.getName());
        }
        return (T) body;
    }

    @Override
    public boolean hasEntity() {
        return true;
    }

    @Override
    public boolean bufferEntity() {
        return true;
    }

    @Override
    public void close() {
        // Nothing to release: the answer was read whole.
    }

    @Override
    public MediaType getMediaType() {
        return MediaType.APPLICATION_JSON_TYPE;
    }

    @Override
    public String getHeaderString(String name) {
        return "Content-Type".equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON : null;
    }

    @Override
    public MultivaluedMap<String, Object> getMetadata() {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        headers.putSingle("Content-Type", MediaType.APPLICATION_JSON);
        return headers;
    }

    @Override
    public MultivaluedMap<String, String> getStringHeaders() {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle("Content-Type", MediaType.APPLICATION_JSON);
        return headers;
    }

    // The rest of a response's parts: a token answer has none of them.

    @Override
    public Locale getLanguage() {
        return null;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public Set<String> getAllowedMethods() {
        return Set.of();
    }

    @Override
    public Map<String, NewCookie> getCookies() {
        return Map.of();
    }

    @Override
    public EntityTag getEntityTag() {
        return null;
    }

    @Override
    public Date getDate() {
        return null;
    }

    @Override
    public Date getLastModified() {
        return null;
    }

    @Override
    public URI getLocation() {
        return null;
    }

    @Override
    public Set<Link> getLinks() {
        return Set.of();
    }

    @Override
    public boolean hasLink(String relation) {
        return false;
    }

    @Override
    public Link getLink(String relation) {
        return null;
    }

    @Override
    public Link.Builder getLinkBuilder(String relation) {
        return null;
    }
}
