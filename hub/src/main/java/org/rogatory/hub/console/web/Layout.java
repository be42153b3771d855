package org.rogatory.hub.console.web;

import org.rogatory.hub.console.api.StaffRole;
import org.rogatory.hub.console.signin.ConsoleSessions.Session;

/** The frame of every console page: skip link, navigation, the metadata-only notice. */
final class Layout {
  private Layout() {}

  static Html page(String title, Session session, Html main) {
    return Html.of(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{} · Rogatory console</title>
        <link rel="stylesheet" href="/console.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header>
        <p class="brand">Rogatory · Court staff console</p>
        {}
        </header>
        <main id="main" tabindex="-1">
        <h1>{}</h1>
        {}
        </main>
        <footer>
        <p>This console shows metadata only: who exchanged what kind of item with whom, when, and \
        how large. The hub holds no key that opens the content of any exchange.</p>
        </footer>
        </body>
        </html>
        """,
        title,
        navigation(session),
        title,
        main);
  }

  private static Html navigation(Session session) {
    if (session == null || !session.signedIn()) {
      return Html.EMPTY;
    }
    boolean admin = session.role() == StaffRole.ADMINISTRATOR;
    return Html.of(
        """
        <nav aria-label="Console">
        <ul>
        <li><a href="/requests">Requests</a></li>
        <li><a href="/statistics">Statistics</a></li>
        <li><a href="/parties">Parties</a></li>
        <li><a href="/proposals">Approvals</a></li>
        <li><a href="/audit">Audit</a></li>
        {}
        </ul>
        <form method="post" action="/sign-out" class="inline">
        {}
        <span>Signed in as {} ({})</span>
        <button type="submit">Sign out</button>
        </form>
        </nav>
        """,
        admin ? Html.of("<li><a href=\"/staff\">Staff</a></li>") : Html.EMPTY,
        csrf(session),
        session.username(),
        session.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
  }

  /** The hidden field every form carries. */
  static Html csrf(Session session) {
    return Html.of("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", session.csrfToken());
  }
}
