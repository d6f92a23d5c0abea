<%@ tag pageEncoding="UTF-8" trimDirectiveWhitespaces="true" %>
<%@ attribute name="title" required="true" %>
<%@ attribute name="current" description="account or make-change: the menu entry of this page" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- The frame of every page: header with the user's state, menu, content, footer. --%>
<c:set var="root" value="${pageContext.request.contextPath}"/>
<c:set var="user" value="${pageContext.request.userPrincipal}"/>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title><c:out value="${title}"/> - ChangeBank</title>
  <link rel="icon" href="${root}/static/logo.svg" type="image/svg+xml">
  <link rel="stylesheet" href="${root}/static/changebank.css">
</head>
<body>
<header class="site-header">
  <a class="brand" href="${root}/"><img src="${root}/static/logo.svg" alt="ChangeBank" width="200" height="48"></a>
  <div class="user">
    <c:choose>
      <c:when test="${empty user}">
        <a class="button" href="${root}/login">Log in</a>
      </c:when>
      <c:otherwise>
        <span class="email"><c:out value="${user.name}"/></span>
        <form class="logout" method="post" action="${root}/logout">
          <input type="hidden" name="${mvc.csrf.name}" value="${mvc.csrf.token}">
          <button class="button" type="submit">Log out</button>
        </form>
      </c:otherwise>
    </c:choose>
  </div>
</header>
<nav class="menu" aria-label="Main">
  <c:choose>
    <c:when test="${empty user}">
      <a href="${root}/">Home</a>
      <span>About</span>
      <span>Services</span>
      <span>Products</span>
    </c:when>
    <c:otherwise>
      <a href="${root}/account" ${current == 'account' ? 'aria-current="page"' : ''}>Account</a>
      <a href="${root}/make-change" ${current == 'make-change' ? 'aria-current="page"' : ''}>Make Change</a>
    </c:otherwise>
  </c:choose>
</nav>
<main class="content">
<jsp:doBody/>
</main>
<footer class="site-footer"><p>ChangeBank - a FusionAuth quickstart on Jakarta EE. Not a real bank.</p></footer>
</body>
</html>
