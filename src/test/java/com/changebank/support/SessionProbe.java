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
     * Serializes each attribute of the caller's session with Java serialization, as Payara replicates or keeps it
     * across a redeployment, reads it back and puts the copy in its place; answers each attribute's name and size.
     * The next request then runs on copies. An attribute Java serialization refuses stays as it is and is answered
     * as {@code NAME not serializable: CLASS}: a server's own may have marshallers of the server's.
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
            Object value = session.getAttribute(name);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            } catch (NotSerializableException e) {
                sizes.append(name).append(" not serializable: ").append(e.getMessage()).append('\n');
                continue;
            }
            // The application's classes, or the server's that only the value's own loader sees (Elytron's on WildFly).
            ClassLoader own = value.getClass().getClassLoader();
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
                @Override
                protected Class<?> resolveClass(ObjectStreamClass type) throws ClassNotFoundException, IOException {
                    try {
                        return Class.forName(type.getName(), false, Thread.currentThread().getContextClassLoader());
                    } catch (ClassNotFoundException notTheApplications) {
                        return own == null ? super.resolveClass(type) : Class.forName(type.getName(), false, own);
                    }
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
