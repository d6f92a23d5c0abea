package com.changebank.platform.mvc;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.mvc.Models;
import jakarta.mvc.MvcContext;
import jakarta.mvc.engine.ViewEngine;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.krazo.engine.Viewable;

/**
 * Renders the controllers' JSP views, in place of Krazo's own writer for HTML. Krazo's does the same forward to the
 * JSP, but on every page it also searches the server's class path twice through a {@code ServiceLoader} (Payara:
 * over 300 jars), copies the page into the response one byte at a time, and throws and catches an exception when
 * it flushes the writer the JSP has closed: together a fifth of a page's CPU on Payara Micro 7
 * (docs/performance.md). Declared for {@code text/html}, which every controller produces, it is chosen over
 * Krazo's, which is declared for any media type.
 * <p>
 * As Krazo's: the models become request attributes, with {@code mvc} among them; views are found in
 * {@code ViewEngine.VIEW_FOLDER} ({@code /WEB-INF/views/}), and reached through the JSP servlet by name, since
 * Jakarta MVC answers every path of the application. Not done: Krazo's view events, which ChangeBank does not
 * observe, and view engines other than JSP.
 */
@Provider
@Produces(MediaType.TEXT_HTML)
public class JspViewWriter implements MessageBodyWriter<Viewable> {

    @Context
    private ServletContext servletContext;

    @Context
    private HttpServletRequest request;

    @Context
    private HttpServletResponse response;

    @Context
    private Configuration configuration;

    /** Found on first use: the container's JSP servlet, the view folder, and proxies of the request's beans. */
    private volatile String jspServlet;
    private volatile String viewFolder;
    private volatile Models requestModels;
    private volatile MvcContext mvc;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Viewable.class;
    }

    @Override
    public void writeTo(Viewable viewable, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream entity) throws IOException {
        String view = viewable.getView();
        if (viewable.getViewEngine() != null || !view.endsWith(".jsp")) {
            throw new IllegalStateException("ChangeBank renders JSP views only, not " + view);
        }
        String declared = mediaType.getParameters().get(MediaType.CHARSET_PARAMETER);
        Charset charset = declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
        headers.putSingle(HttpHeaders.CONTENT_TYPE, mediaType.withCharset(charset.name()));

        Models models = viewable.getModels() != null ? viewable.getModels() : requestModels();
        models.put("mvc", mvc());
        for (String name : models) {
            request.setAttribute(name, models.get(name));
        }
        String path = viewFolder() + view;
        HttpServletRequest viewRequest = new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return getContextPath() + path;
            }

            @Override
            public String getServletPath() {
                return path;
            }

            @Override
            public String getPathInfo() {
                return null;
            }
        };
        EntityResponse viewResponse = new EntityResponse(response, entity, charset);
        RequestDispatcher jsp = servletContext.getNamedDispatcher(jspServlet());
        try {
            jsp.forward(viewRequest, viewResponse);
        } catch (ServletException e) {
            throw new IllegalStateException("View " + view + " failed", e);
        }
        viewResponse.flush();
    }

    /** Request-scoped beans: one proxy serves every request. */
    private Models requestModels() {
        if (requestModels == null) {
            requestModels = CDI.current().select(Models.class).get();
        }
        return requestModels;
    }

    private MvcContext mvc() {
        if (mvc == null) {
            mvc = CDI.current().select(MvcContext.class).get();
        }
        return mvc;
    }

    private String viewFolder() {
        if (viewFolder == null) {
            Object folder = configuration.getProperty(ViewEngine.VIEW_FOLDER);
            String path = folder == null ? ViewEngine.DEFAULT_VIEW_FOLDER : folder.toString();
            viewFolder = path.endsWith("/") ? path : path + "/";
        }
        return viewFolder;
    }

    private String jspServlet() {
        if (jspServlet == null) {
            jspServlet = servletContext.getServletRegistrations().values().stream()
                    .filter(servlet -> servlet.getMappings() != null && servlet.getMappings().contains("*.jsp"))
                    .map(ServletRegistration::getName)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The server has no servlet for *.jsp"));
        }
        return jspServlet;
    }

    /**
     * The servlet response as the JSP sees it: what it writes goes to Jakarta REST's entity stream, which sends the
     * headers first. Its writer is never really closed: the container closes it after the forward, and only the
     * entity stream's owner may close that.
     */
    private static final class EntityResponse extends HttpServletResponseWrapper {

        private final ServletOutputStream stream;
        private final Charset charset;
        private PrintWriter writer;

        EntityResponse(HttpServletResponse response, OutputStream entity, Charset charset) {
            super(response);
            this.charset = charset;
            this.stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    entity.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    entity.write(bytes, offset, length);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("A view is written in one go");
                }
            };
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(stream, charset)) {
                    @Override
                    public void close() {
                        flush();
                    }
                };
            }
            return writer;
        }

        /** The controller's media type decides the content type; a page directive does not change it. */
        @Override
        public void setContentType(String type) {
        }

        @Override
        public void setCharacterEncoding(String charset) {
        }

        void flush() {
            if (writer != null) {
                writer.flush();
            }
        }
    }
}
