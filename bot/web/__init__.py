"""The assistant's web front end: the public chat page and the token-protected staff page.

`python -m bot web` serves (aiohttp, no Rasa import here):

- `/` the chat page (U.S. Web Design System look; our own accessible socket.io chat panel that talks
  to Rasa's socketio channel at RASA_URL), `/config.json` the page's settings, `/static/...` our
  files, `/vendor/...` the npm assets bundled by `scripts/web_assets.sh`;
- `/health` whether the server runs and the threshold database can be read;
- `/staff` (STAFF_TOKEN) a console that shows how Rasa understands and answers a message (through
  Rasa's HTTP API with RASA_API_TOKEN), the threshold rules, and the `make eval` reports.

Entry points: `bot.web.app.create_app(settings)` (settings: `bot.settings.WebSettings.from_env()`),
`bot.web.server.run` (the command). Modules: app (routes, health, headers), staff (the staff pages and
the middleware guarding them), context (what handlers read from the app), rasa_api (the staff page's
client of Rasa), paths (templates and static files). Nothing is imported here, so `python -m bot` stays quick.
"""
