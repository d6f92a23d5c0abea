package com.changebank.support;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Collections;
import java.util.stream.Collectors;

/**
 * What the caller's session holds, seen from inside: its timeout in seconds on the first line, then each attribute
 * as text (records and maps print their contents). ChangeBank has no such page; tests add this one. It opens no
 * session. {@code test/session/round-trip} replaces the attributes with serialized copies, {@code drop/NAME} removes
 * one.
 */
@Path("test/session")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class SessionProbe {

    @Inject
    private HttpServletRequest request;

    /**
     * Serializes each attribute of the caller's session, as a server that replicates or passivates it does, reads it
     * back and puts the copy in its place; answers each attribute's name and size, or 500 naming one that does not
     * serialize. The next request then runs on nothing but copies.
     */
    @GET
    @Path("round-trip")
    public String roundTrip() throws IOException, ClassNotFoundException {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return "none";
        }
        StringBuilder sizes = new StringBuilder();
        for (String name : Collections.list(session.getAttributeNames())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(session.getAttribute(name));
            } catch (NotSerializableException e) {
                throw new WebApplicationException(name + " does not serialize: " + e.getMessage(), 500);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
                @Override
                protected Class<?> resolveClass(ObjectStreamClass type) throws ClassNotFoundException {
                    return Class.forName(type.getName(), false, Thread.currentThread().getContextClassLoader());
                }
            }) {
                session.setAttribute(name, in.readObject());
            }
            sizes.append(name).append(' ').append(bytes.size()).append('\n');
        }
        return sizes.toString();
    }

    /** Removes one attribute of the caller's session, as a server that could not read it back would have. */
    @GET
    @Path("drop/{name}")
    public String drop(@PathParam("name") String name) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return "none";
        }
        session.removeAttribute(name);
        return "dropped " + name;
    }

    @GET
    public String session() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return "none";
        }
        return session.getMaxInactiveInterval() + "\n" + Collections.list(session.getAttributeNames()).stream()
                .map(name -> name + "=" + session.getAttribute(name)).collect(Collectors.joining("\n"));
    }
}
