// Starts Swagger UI on the API's OpenAPI document. It lives in a file of its own because the
// site's Content-Security-Policy allows no inline script.
window.addEventListener('DOMContentLoaded', () => {
  const node = document.getElementById('swagger-ui');
  window.SwaggerUIBundle({ url: node.dataset.url, domNode: node, deepLinking: false });
});
