// The map view of search results, an enhancement of the list: without JavaScript (or without Leaflet) only the
// list shows. Markers sit on a plain background with the search centre and a scale: no tiles, so the page makes
// no requests beyond our own static files and the Content Security Policy can stay at 'self'.
(function () {
  'use strict'

  const L = window.L
  const switcher = document.querySelector('[data-results-switch]')
  const list = document.getElementById('search-results')
  const box = document.getElementById('search-map')
  const note = document.querySelector('[data-map-note]')
  if (!L || !switcher || !list || !box) return

  const MILE_IN_METRES = 1609.344
  const BLUE = '#1d70b8'
  const BLACK = '#0b0c0c'
  const YELLOW = '#ffdd00'

  function number (value) {
    const parsed = parseFloat(value)
    return Number.isFinite(parsed) ? parsed : null
  }

  // What each result with a place says about itself, read from the list so the two views never disagree.
  function results () {
    const found = []
    for (const item of list.querySelectorAll('li[data-latitude][data-longitude]')) {
      const latitude = number(item.dataset.latitude)
      const longitude = number(item.dataset.longitude)
      const link = item.querySelector('h2 a')
      if (latitude === null || longitude === null || !link) continue
      const organisation = item.querySelector('p')
      found.push({
        latLng: L.latLng(latitude, longitude),
        title: link.textContent.trim(),
        href: link.getAttribute('href'),
        organisation: organisation ? organisation.textContent.trim() : ''
      })
    }
    return found
  }

  // Built from elements, never from HTML strings, so a need's title cannot become markup.
  function popup (result) {
    const content = document.createElement('div')
    const heading = document.createElement('p')
    heading.className = 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1'
    const link = document.createElement('a')
    link.className = 'govuk-link'
    link.href = result.href
    link.textContent = result.title
    heading.appendChild(link)
    content.appendChild(heading)
    if (result.organisation) {
      const organisation = document.createElement('p')
      organisation.className = 'govuk-body-s govuk-!-margin-bottom-0'
      organisation.textContent = result.organisation
      content.appendChild(organisation)
    }
    return content
  }

  function label (text) {
    const span = document.createElement('span')
    span.textContent = text
    return span
  }

  let map = null

  function draw () {
    // Sized and coloured here rather than in a stylesheet: the map exists only when this script runs.
    box.style.height = '32rem'
    box.style.background = '#f3f2f1'
    box.style.border = '1px solid #b1b4b6'
    map = L.map(box, { zoomSnap: 0.5, maxZoom: 16, minZoom: 5 })
    L.control.scale({ metric: true, imperial: true, maxWidth: 160 }).addTo(map)

    const icon = L.icon({
      iconUrl: box.dataset.markerIcon,
      iconRetinaUrl: box.dataset.markerIcon2x,
      shadowUrl: box.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    })
    const points = []
    for (const result of results()) {
      L.marker(result.latLng, { icon, title: result.title, alt: result.title, riseOnHover: true })
        .bindPopup(popup(result))
        .addTo(map)
      points.push(result.latLng)
    }

    const latitude = number(box.dataset.centreLatitude)
    const longitude = number(box.dataset.centreLongitude)
    if (latitude !== null && longitude !== null) {
      const centre = L.latLng(latitude, longitude)
      const miles = number(box.dataset.radiusMiles)
      if (miles) {
        const radius = miles * MILE_IN_METRES
        L.circle(centre, {
          radius, color: BLUE, weight: 2, fillColor: BLUE, fillOpacity: 0.05, interactive: false,
          className: 'covenant-search-radius'
        }).addTo(map)
        const around = centre.toBounds(radius * 2)
        points.push(around.getNorthEast(), around.getSouthWest())
      }
      L.circleMarker(centre, {
        radius: 8, color: BLACK, weight: 3, fillColor: YELLOW, fillOpacity: 1, interactive: false,
        className: 'covenant-search-centre'
      }).bindTooltip(label(box.dataset.centreLabel || ''), { permanent: true, direction: 'right', offset: [10, 0] })
        .addTo(map)
      points.push(centre)
    }

    if (points.length) {
      const bounds = L.latLngBounds(points)
      if (bounds.getNorthEast().equals(bounds.getSouthWest())) {
        map.setView(bounds.getCenter(), 13)
      } else {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: 14 })
      }
    } else {
      // The United Kingdom, should nothing on this page have a place.
      map.setView([54.5, -3], 5)
    }
  }

  const buttons = switcher.querySelectorAll('button[data-results-view]')

  function show (view) {
    const onMap = view === 'map'
    list.hidden = onMap
    box.hidden = !onMap
    if (note) note.hidden = !onMap
    for (const button of buttons) {
      button.setAttribute('aria-pressed', String(button.dataset.resultsView === view))
    }
    if (onMap) {
      if (map === null) draw()
      else map.invalidateSize()
    }
  }

  for (const button of buttons) {
    button.addEventListener('click', () => show(button.dataset.resultsView))
  }
  switcher.hidden = false
  show('list')
})()
