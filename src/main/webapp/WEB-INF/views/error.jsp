<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" isErrorPage="true" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%-- The container's error page, instead of the server's own, which shows stack traces. --%>
<c:set var="status" value="${requestScope['jakarta.servlet.error.status_code']}"/>
<t:page title="Error">
  <c:choose>
    <c:when test="${status == 401}">
      <h1>Login failed</h1>
      <p class="error">We could not log you in.</p>
      <p><a href="${root}/login">Try again</a> or go <a href="${root}/">home</a>.</p>
    </c:when>
    <c:when test="${status == 400}">
      <h1>Bad request</h1>
      <p class="error">ChangeBank could not understand this request.</p>
      <p><a href="${root}/">Back to the home page</a></p>
    </c:when>
    <c:when test="${status == 403}">
      <h1>Not allowed</h1>
      <p class="error">This request was refused. If you submitted a form, reload the page and try again.</p>
      <p><a href="${root}/">Back to the home page</a></p>
    </c:when>
    <c:when test="${status == 503}">
      <h1>Sign-in unavailable</h1>
      <p class="error">The login service cannot be reached right now. Please try again in a few minutes.</p>
      <p><a href="${root}/login">Try again</a> or go <a href="${root}/">home</a>.</p>
    </c:when>
    <c:when test="${status == 405}">
      <h1>Not allowed</h1>
      <p class="error">This page does not accept that kind of request.</p>
      <p><a href="${root}/">Back to the home page</a></p>
    </c:when>
    <c:when test="${status == 404}">
      <h1>Page not found</h1>
      <p class="error">There is no page at this address.</p>
      <p><a href="${root}/">Back to the home page</a></p>
    </c:when>
    <c:otherwise>
      <h1>Something went wrong</h1>
      <p class="error">ChangeBank could not complete this request. Please try again later.</p>
      <p><a href="${root}/">Back to the home page</a></p>
    </c:otherwise>
  </c:choose>
</t:page>
