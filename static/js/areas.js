// Maps of areas: the "draw an area" widget (covenant.core.widgets.AreaWidget) and the read-only areas map
// ({% areas_map %}). Each enhances what the server sent, which works alone: a GeoJSON textarea, and a list of
// the areas with links. Maps sit on a plain background with a rough outline of the UK, so they work offline
// and make no request to another site; tiles are drawn only when the page names a server (MAP_TILE_URL).
// Elements are built with the DOM, never from HTML strings, and styled by class, so the CSP stays strict.
// The drawing is our own small code rather than a plugin: the buttons are GOV.UK buttons a keyboard reaches,
// and a polygon's points are all it needs to edit.
(function () {
  'use strict'

  const L = window.L
  // Once a page: a form's media and {% area_map_media %} may both have loaded this script.
  if (!L || window.covenantAreasReady) return
  window.covenantAreasReady = true

  // A hand-drawn outline of the UK, [longitude, latitude], from the positions of about 120 well-known
  // headlands, ports and border towns: accurate to 10 km or so, small islands left out. It is only a
  // background to find one's way by when there are no tiles, never a boundary anything is judged by.
  const UK_OUTLINE = {
    type: 'MultiPolygon',
    coordinates: [
      [[ // Great Britain, clockwise from Land's End
        [-5.71, 50.06], [-5.2, 49.96], [-4.14, 50.36], [-3.64, 50.22], [-3.4, 50.62], [-2.45, 50.6],
        [-1.95, 50.6], [-1.3, 50.8], [-0.79, 50.73], [-0.14, 50.82], [0.25, 50.74], [0.97, 50.91],
        [1.38, 51.15], [1.45, 51.38], [0.75, 51.45], [0.95, 51.55], [1.3, 51.95], [1.76, 52.48],
        [1.3, 52.93], [0.35, 52.8], [0.35, 53.15], [0.12, 53.57], [-0.08, 54.12], [-0.61, 54.49],
        [-1.15, 54.63], [-1.36, 54.91], [-1.6, 55.5], [-2.0, 55.77], [-2.13, 55.9], [-2.52, 56.0],
        [-3.2, 56.02], [-2.58, 56.28], [-2.95, 56.46], [-2.45, 56.71], [-2.07, 57.14], [-1.78, 57.5],
        [-2.0, 57.69], [-3.2, 57.7], [-4.2, 57.5], [-3.77, 57.86], [-3.08, 58.44], [-3.03, 58.64],
        [-3.37, 58.67], [-5.0, 58.63], [-5.35, 58.15], [-5.2, 57.9], [-5.8, 57.35], [-5.83, 57.0],
        [-6.23, 56.72], [-5.47, 56.41], [-5.8, 55.3], [-5.6, 55.42], [-4.85, 55.8], [-4.63, 55.46],
        [-4.86, 54.63], [-3.4, 54.95], [-3.57, 54.64], [-3.64, 54.49], [-3.22, 54.1], [-2.87, 54.07],
        [-3.05, 53.82], [-3.05, 53.43], [-3.86, 53.34], [-4.57, 53.4], [-4.69, 53.31], [-4.77, 52.79],
        [-4.06, 52.72], [-4.09, 52.41], [-4.67, 52.1], [-5.3, 51.88], [-5.1, 51.7], [-4.7, 51.67],
        [-4.3, 51.56], [-3.17, 51.45], [-2.65, 51.6], [-3.0, 51.35], [-3.48, 51.21], [-4.53, 51.02],
        [-4.94, 50.54], [-5.71, 50.06]
      ]],
      [[ // Northern Ireland: its coast from Belfast Lough, then the border from Lough Foyle to Carlingford
        [-5.67, 54.67], [-5.8, 54.9], [-6.18, 55.22], [-6.5, 55.25], [-7.05, 55.15], [-7.4, 54.95],
        [-7.55, 54.75], [-7.92, 54.7], [-8.15, 54.45], [-7.65, 54.2], [-7.3, 54.12], [-6.65, 54.06],
        [-6.27, 54.1], [-5.87, 54.22], [-5.55, 54.38], [-5.43, 54.5], [-5.67, 54.67]
      ]],
      [[[-1.57, 50.67], [-1.15, 50.78], [-1.07, 50.68], [-1.3, 50.57], [-1.57, 50.67]]], // Isle of Wight
      [[[-6.05, 57.7], [-5.65, 57.2], [-6.2, 57.15], [-6.75, 57.45], [-6.05, 57.7]]], // Skye
      [[ // The Outer Hebrides
        [-6.26, 58.51], [-6.17, 58.2], [-6.6, 57.9], [-7.2, 57.4], [-7.45, 56.95], [-7.55, 57.1],
        [-7.4, 57.6], [-7.05, 57.8], [-6.85, 58.25], [-6.26, 58.51]
      ]],
      [[[-3.35, 58.95], [-2.7, 58.85], [-2.4, 59.3], [-3.0, 59.3], [-3.35, 58.95]]], // Orkney
      [[[-1.3, 59.85], [-1.0, 60.1], [-0.8, 60.8], [-1.1, 60.7], [-1.6, 60.4], [-1.3, 59.85]]] // Shetland
    ]
  }
  const UK_BOUNDS = L.latLngBounds([49.9, -8.2], [60.9, 1.8])
  const BLUE = '#1d70b8'
  const DARK_BLUE = '#003078'
  const MID_GREY = '#b1b4b6'

  // Six decimal places of a degree are about 10 cm: more would only lengthen the GeoJSON.
  function round (value) {
    return Math.round(value * 1e6) / 1e6
  }

  function baseMap (box, root, options) {
    const map = L.map(box, Object.assign({ zoomSnap: 0.5, minZoom: 4, maxZoom: 18 }, options))
    const tiles = root.dataset.tileUrl
    if (tiles) {
      L.tileLayer(tiles, { attribution: root.dataset.tileAttribution || '', maxZoom: 19 }).addTo(map)
    } else {
      L.geoJSON(UK_OUTLINE, {
        interactive: false,
        style: { color: MID_GREY, weight: 1, fillColor: '#ffffff', fillOpacity: 1, className: 'covenant-map-outline' }
      }).addTo(map)
    }
    L.control.scale({ metric: true, imperial: true, maxWidth: 160 }).addTo(map)
    return map
  }

  // A Feature or a FeatureCollection of one, as geojson.io saves them, stands for its geometry.
  function geometryOf (data) {
    if (data && data.type === 'FeatureCollection' && Array.isArray(data.features) && data.features.length === 1) {
      data = data.features[0]
    }
    if (data && data.type === 'Feature') data = data.geometry
    if (!data || (data.type !== 'Polygon' && data.type !== 'MultiPolygon') || !Array.isArray(data.coordinates)) {
      return null
    }
    return data
  }

  function isPosition (point) {
    return Array.isArray(point) && point.length >= 2 && Number.isFinite(point[0]) && Number.isFinite(point[1]) &&
      Math.abs(point[0]) <= 180 && Math.abs(point[1]) <= 90
  }

  // The "draw an area" widget.
  function areaInput (root) {
    const textarea = root.querySelector('textarea')
    const drawing = root.querySelector('[data-area-drawing]')
    const box = root.querySelector('[data-area-map]')
    const status = root.querySelector('[data-area-status]')
    const textPart = root.querySelector('[data-area-text]')
    const messages = root.querySelector('[data-area-messages]').dataset
    if (!textarea || !drawing || !box || !status || !textPart) return

    // The textarea stays, folded under a GOV.UK details: drawing and GeoJSON are two ways to the same value.
    const details = document.createElement('details')
    details.className = 'govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0'
    const summary = document.createElement('summary')
    summary.className = 'govuk-details__summary'
    const summaryText = document.createElement('span')
    summaryText.className = 'govuk-details__summary-text'
    summaryText.textContent = messages.summary
    summary.appendChild(summaryText)
    const inside = document.createElement('div')
    inside.className = 'govuk-details__text'
    details.appendChild(summary)
    details.appendChild(inside)
    textPart.replaceWith(details)
    inside.appendChild(textPart)
    if (textarea.classList.contains('govuk-textarea--error')) details.open = true

    drawing.hidden = false
    // Double-clicking would zoom as it adds two points; the zoom buttons and the wheel remain.
    const map = baseMap(box, root, { doubleClickZoom: false })
    const crosshair = document.createElement('div')
    crosshair.className = 'covenant-area-input__crosshair'
    crosshair.setAttribute('aria-hidden', 'true')
    box.appendChild(crosshair)

    const vertexIcon = L.divIcon({ className: 'covenant-area-input__vertex', iconSize: [16, 16] })
    const vertices = L.layerGroup().addTo(map)
    let points = []
    let shape = null
    // A MultiPolygon or a polygon with holes is shown but not drawn over: the GeoJSON is where to change it.
    let fixed = null

    function say (text) {
      status.textContent = text
    }

    function count () {
      if (fixed) return say(messages.severalParts)
      if (points.length === 0) return say(messages.pointsNone)
      if (points.length < 3) return say(messages.pointsFew)
      say(messages.pointsMany.replace('%(count)s', String(points.length)))
    }

    function drawShape () {
      if (shape) shape.remove()
      shape = null
      const style = { color: BLUE, weight: 3, fillColor: BLUE, fillOpacity: 0.15, interactive: false }
      if (points.length >= 3) shape = L.polygon(points, Object.assign({ className: 'covenant-area-shape' }, style))
      else if (points.length === 2) shape = L.polyline(points, Object.assign({ className: 'covenant-area-line' }, style))
      if (shape) shape.addTo(map)
    }

    function drawVertices () {
      vertices.clearLayers()
      points.forEach(function (point, index) {
        const marker = L.marker(point, { icon: vertexIcon, draggable: true, keyboard: false, title: String(index + 1) })
        marker.on('drag', function () {
          points[index] = marker.getLatLng()
          shape.setLatLngs(points)
        })
        marker.on('dragend', function () {
          points[index] = marker.getLatLng()
          write()
        })
        vertices.addLayer(marker)
      })
    }

    function redraw () {
      drawShape()
      drawVertices()
      count()
    }

    // The textarea holds a GeoJSON Polygon once there are three points, and nothing before.
    function write () {
      if (points.length >= 3) {
        const ring = points.map(function (point) { return [round(point.lng), round(point.lat)] })
        ring.push(ring[0].slice())
        textarea.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] })
      } else {
        textarea.value = ''
      }
      count()
    }

    function forget () {
      points = []
      if (fixed) fixed.remove()
      fixed = null
    }

    // What is in the textarea (sent by the server, or typed or pasted) shown on the map.
    function read (fit) {
      forget()
      const text = textarea.value.trim()
      let geometry = null
      if (text) {
        try {
          geometry = geometryOf(JSON.parse(text))
        } catch (error) {
          geometry = null
        }
        if (!geometry) {
          redraw()
          return say(messages.unreadable)
        }
      }
      let bounds = null
      const rings = geometry && geometry.type === 'Polygon' ? geometry.coordinates : null
      if (rings && rings.length === 1 && Array.isArray(rings[0]) && rings[0].every(isPosition)) {
        const ring = rings[0].slice()
        const first = ring[0]
        const last = ring[ring.length - 1]
        if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop()
        points = ring.map(function (point) { return L.latLng(point[1], point[0]) })
        if (points.length) bounds = L.latLngBounds(points)
      } else if (geometry) {
        try {
          fixed = L.geoJSON(geometry, {
            interactive: false,
            style: { color: BLUE, weight: 3, fillColor: BLUE, fillOpacity: 0.15, className: 'covenant-area-shape' }
          }).addTo(map)
          bounds = fixed.getBounds()
        } catch (error) {
          fixed = null
          redraw()
          return say(messages.unreadable)
        }
      }
      redraw()
      if (!fit) return
      if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 })
      else map.fitBounds(UK_BOUNDS)
    }

    function add (latLng) {
      if (fixed) return say(messages.severalParts)
      points.push(latLng)
      redraw()
      write()
    }

    map.on('click', function (event) { add(event.latlng) })
    root.querySelector('[data-area-action="centre"]').addEventListener('click', function () { add(map.getCenter()) })
    root.querySelector('[data-area-action="undo"]').addEventListener('click', function () {
      if (fixed) return say(messages.severalParts)
      points.pop()
      redraw()
      write()
    })
    root.querySelector('[data-area-action="clear"]').addEventListener('click', function () {
      forget()
      redraw()
      write()
    })
    textarea.addEventListener('change', function () { read(true) })

    read(true)
  }

  // The read-only map of several areas. The list under it says the same, with the same links, for screen
  // readers and without JavaScript; the map's labels are only what the list already says.
  function areasMap (root) {
    const box = root.querySelector('[data-areas-map-box]')
    const data = document.getElementById(root.dataset.areasMap)
    if (!box || !data) return
    let areas
    try {
      areas = JSON.parse(data.textContent)
    } catch (error) {
      return
    }
    box.hidden = false
    const map = baseMap(box, root, {})
    const layers = []
    for (const area of areas) {
      const geometry = geometryOf(area.geometry)
      if (!geometry) continue
      const proposed = area.kind === 'proposed'
      let layer
      try {
        layer = L.geoJSON(geometry, {
          style: {
            color: proposed ? BLUE : DARK_BLUE,
            weight: 2,
            dashArray: proposed ? '6 4' : null,
            fillColor: proposed ? BLUE : DARK_BLUE,
            fillOpacity: proposed ? 0.08 : 0.2,
            className: 'covenant-areas-map__area covenant-areas-map__area--' + (proposed ? 'proposed' : 'active')
          }
        })
      } catch (error) {
        continue
      }
      const label = document.createElement('span')
      label.textContent = area.name
      layer.bindTooltip(label, { permanent: true, direction: 'center', className: 'covenant-areas-map__label' })
      if (area.url) {
        const content = document.createElement('p')
        content.className = 'govuk-body govuk-!-margin-bottom-0'
        const link = document.createElement('a')
        link.className = 'govuk-link'
        link.href = area.url
        link.textContent = area.name
        content.appendChild(link)
        if (area.description) {
          const description = document.createElement('span')
          description.className = 'govuk-body-s govuk-!-display-block'
          description.textContent = area.description
          content.appendChild(description)
        }
        layer.bindPopup(content)
      }
      layer.addTo(map)
      layers.push(layer)
    }
    const bounds = layers.length ? L.featureGroup(layers).getBounds() : null
    if (bounds && bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 })
    else map.fitBounds(UK_BOUNDS)
  }

  for (const root of document.querySelectorAll('[data-area-input]')) areaInput(root)
  for (const root of document.querySelectorAll('[data-areas-map]')) areasMap(root)
})()
