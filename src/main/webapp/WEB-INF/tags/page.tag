<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ attribute name="title" required="true" %>
<%@ attribute name="current" description="account or make-change: the menu entry of this page" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%-- The frame of every page: header with the user's state, menu, content, footer. No JSTL tags in this file: in a
     tag file, Payara creates each tag anew through CDI on every request, a fifth of a page's time; EL and two ifs
     cost next to nothing. The forms' CSRF field is CsrfField's (why: see that class). The views' links start with
     ${root}, set here for them: cheaper than ${pageContext.request.contextPath}, which EL reaches by reflection. --%>
<%
    request.setAttribute("root", request.getContextPath());
    java.security.Principal user = request.getUserPrincipal();
    jspContext.setAttribute("user", user);
    boolean anonymous = user == null;
    if (!anonymous) {
        request.setAttribute("csrf", com.changebank.platform.mvc.CsrfField.of(request));
    }
%>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${fn:escapeXml(title)} - ChangeBank</title>
  <meta name="description" content="ChangeBank turns dollars into nickels and pennies: FusionAuth's quickstart bank, logging in with OpenID Connect on Jakarta EE.">
  <link rel="icon" href="${root}/static/logo.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${root}/static/changebank.css">
</head>
<body>
<header class="site-header">
  <a class="brand" href="${root}/"><img src="${root}/static/logo.svg" alt="ChangeBank" width="200" height="48"></a>
  <div class="user">
<% if (anonymous) { %>
    <a class="button" href="${root}/login">Log in</a>
<% } else { %>
    <span class="email">${fn:escapeXml(user.name)}</span>
    <form class="logout" method="post" action="${root}/logout">
      <input type="hidden" name="${csrf.name}" value="${csrf.value}">
      <button class="button" type="submit">Log out</button>
    </form>
<% } %>
  </div>
</header>
<nav class="menu" aria-label="Main">
<% if (anonymous) { %>
  <a href="${root}/">Home</a>
  <span>About</span>
  <span>Services</span>
  <span>Products</span>
<% } else { %>
  <a href="${root}/account" ${current == 'account' ? 'aria-current="page"' : ''}>Account</a>
  <a href="${root}/make-change" ${current == 'make-change' ? 'aria-current="page"' : ''}>Make Change</a>
<% } %>
</nav>
<main class="content">
<jsp:doBody/>
</main>
<footer class="site-footer"><p>ChangeBank - a FusionAuth quickstart on Jakarta EE. Not a real bank.</p></footer>
</body>
</html>
