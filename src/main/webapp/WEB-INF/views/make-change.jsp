<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<t:page title="Make Change" current="make-change">
  <h1>Make change</h1>
  <form class="change-form" method="post" action="${root}/make-change">
    <input type="hidden" name="${csrf.name}" value="${csrf.value}">
    <label for="amount">Amount in USD: $</label>
    <input id="amount" name="amount" type="text" inputmode="decimal" value="<c:out value="${amount}"/>" maxlength="${maxLength}"
           aria-describedby="amount-message"${empty error ? '' : ' aria-invalid="true"'}>
    <button class="button" type="submit">Make Change</button>
  </form>
  <c:if test="${not empty result}">
    <p id="amount-message" class="result"><c:out value="${result}"/></p>
  </c:if>
  <c:if test="${not empty error}">
    <p id="amount-message" class="error" role="alert"><c:out value="${error}"/></p>
  </c:if>
</t:page>
