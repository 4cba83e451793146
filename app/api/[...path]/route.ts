// Unknown API paths answer in JSON, like the rest of the API, rather than with the HTML 404 page.
function notFound(request: Request) {
  const { pathname } = new URL(request.url);
  return Response.json({ error: "not_found", message: `There is no API endpoint at ${pathname}.` }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
