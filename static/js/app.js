// Starts GOV.UK Frontend's components on every page; loaded as a module from /static/dist/.
import { initAll } from './govuk-frontend.min.js'

initAll()
