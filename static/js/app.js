// Starts GOV.UK Frontend's components on every page, and lets the cookie confirmation hide in place.
import { initAll } from './govuk-frontend.min.js'

initAll()

// The cookie confirmation's "Hide" reloads the page without JavaScript; with it, just hide the banner.
for (const link of document.querySelectorAll('[data-hide-cookie-banner]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault()
    link.closest('[data-cookie-banner]').hidden = true
  })
}
