// Page objects: how a test finds its way around a page, written once. A spec says what the
// user does (`await new LoginPage(page).signIn(email, password)`); when a label or a
// button changes, one place changes.
import { expect, type Locator, type Page } from '@playwright/test';

export class LoginPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByLabel('E-mail');
    this.password = page.getByLabel('Password', { exact: true });
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.heading = page.getByRole('heading', { name: 'Sign in' });
  }

  async goto() {
    await this.page.goto('/login');
  }

  /** Fill in the form and send it (the caller checks what follows). */
  async attempt(email: string, password: string) {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Sign in from the sign-in page and land on the start page. */
  async signIn(email: string, password: string) {
    await this.goto();
    await this.attempt(email, password);
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  }
}

/** What every signed-in page has: the main navigation and the account controls. */
export class AppShell {
  readonly nav: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation');
    this.signOutButton = page.getByRole('button', { name: 'Sign out' });
  }

  /** Open a section from the main navigation by its link text. */
  async open(section: string) {
    await this.nav.getByRole('link', { name: section }).click();
  }

  async signOut() {
    await this.signOutButton.click();
    await expect(new LoginPage(this.page).heading).toBeVisible();
  }
}
