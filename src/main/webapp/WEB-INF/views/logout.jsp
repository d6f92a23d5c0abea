<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<t:page title="Log out">
  <h1>Log out</h1>
  <c:if test="${notLoggedOut}">
    <p class="not-logged-out">You are still logged in: a link cannot log you out of ChangeBank.</p>
  </c:if>
  <p>Log out of ChangeBank and of the login provider?</p>
  <form class="logout" method="post" action="${root}/logout">
    <input type="hidden" name="${csrf.name}" value="${csrf.value}">
    <button class="button" type="submit">Log out</button>
  </form>
</t:page>
