package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.mvc.security.CsrfProtected;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;

/**
 * Logout owned by the application: Soteria's provider logout sends no {@code client_id} (which FusionAuth wants)
 * and breaks on WildFly.
 */
@Path(LogoutController.PATH)
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class LogoutController {

    static final String PATH = "logout";
    private static final String LOCAL = "local";
    /** The provider's front-channel logout URL, FusionAuth's application {@code logoutURL}. */
    static final String FRONT_CHANNEL_LOGOUT = "/" + PATH + "/" + LOCAL;

    @Inject
    private OpenIdContext openIdContext;

    @Inject
    private OidcConfig config;

    @Inject
    private HttpServletRequest request;

    @Inject
    private RefreshTokenRevocation revocation;

    @Inject
    private Models models;

    /** Asks before logging out, so that a link on another site cannot log the user out. */
    @GET
    public String confirm() {
        return request.getUserPrincipal() == null ? "redirect:/" : "logout.jsp";
    }

    /**
     * Ends the local session and its refresh token, then the provider's: the browser goes to the provider's
     * end-session endpoint, which sends it back to the home page.
     */
    @POST
    @CsrfProtected
    public Response logout() {
        URI home = home();
        if (request.getUserPrincipal() == null) {
            return Response.seeOther(home).build();
        }
        String idToken = openIdContext.getIdentityToken().getToken();
        JsonObject provider = openIdContext.getProviderMetadata();
        revocation.revoke(openIdContext);
        endLocalSession(request);
        if (!provider.containsKey("end_session_endpoint")) {
            return Response.seeOther(home).build();
        }
        URI endSession = UriBuilder.fromUri(provider.getString("end_session_endpoint"))
                .queryParam("client_id", config.getClientId())
                .queryParam("id_token_hint", idToken)
                .queryParam("post_logout_redirect_uri", home)
                .build();
        return Response.seeOther(endSession).build();
    }

    /**
     * The provider's front-channel logout URL (FusionAuth's application {@code logoutURL}): the provider's logout page
     * loads it in a hidden frame when its session ends, so it ends the local session and its refresh token, and never
     * goes back to the provider. Only that frame ends it, or a client that sends no fetch metadata at all (RFC 9110
     * clients, and browsers from before 2020); a navigation, such as a link on any site, gets the logout page
     * instead, and the user stays logged in. A frame gets nothing back: the home page may not be framed.
     */
    @GET
    @Path(LOCAL)
    public Response local(@HeaderParam("Sec-Fetch-Dest") String destination,
            @HeaderParam("Sec-Fetch-Site") String site, @HeaderParam("Sec-Fetch-Mode") String mode) {
        boolean frame = "iframe".equals(destination);
        if (!frame && (destination != null || site != null || mode != null)) {
            if (request.getUserPrincipal() == null) {
                return Response.seeOther(home()).build();
            }
            models.put("notLoggedOut", true);
            return Response.ok("logout.jsp").build();
        }
        if (request.getUserPrincipal() != null) {
            revocation.revoke(openIdContext);
        }
        endLocalSession(request);
        return frame ? Response.noContent().build() : Response.seeOther(home()).build();
    }

    private URI home() {
        return URI.create(config.baseUrl(request) + "/");
    }

    /**
     * Invalidating the session ends the login the mechanism registered in it. Not {@code request.logout()}: on
     * Soteria that also redirects the response to the provider for a new login.
     */
    private static void endLocalSession(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
