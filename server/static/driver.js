// The driver's phone: signature pad, photo, location, and the receipt queue. A receipt is
// written to the phone (localStorage) before anything is sent, sent with an Idempotency-Key,
// and removed only when the server has acknowledged it, so a receipt made without signal is
// never lost and never recorded twice. No framework: this page must load fast on a phone.
// A phone may be shared: each queued receipt names its driver, a page shows and sends only the
// signed-in driver's, and signing out forgets that driver's receipts and cached pages.
(function () {
  'use strict';
  var QUEUE = 'driver-receipts-v1';
  var T = JSON.parse(document.getElementById('driver-text').textContent);
  var ME = document.body.dataset.driver || '';
  var leaving = false;

  function everyone() {
    try { return JSON.parse(localStorage.getItem(QUEUE) || '[]'); } catch (e) { return []; }
  }
  function mine(i) { return !i.driver || i.driver === ME; }
  function others() { return everyone().filter(function (i) { return !mine(i); }); }
  // The signed-in driver's queue (receipts queued before drivers were named count as theirs).
  function queue() { return everyone().filter(mine); }
  function store(all) {
    if (all.length) localStorage.setItem(QUEUE, JSON.stringify(all)); else localStorage.removeItem(QUEUE);
  }
  function save(q) { store(others().concat(q)); render(); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'r-' + Date.now() + '-' + Math.random().toString(16).slice(2);
  }
  function el(id) { return document.getElementById(id); }

  // What is still on the phone, on every page.
  function render() {
    var q = queue();
    var box = el('queue');
    if (!box) return;
    box.hidden = q.length === 0;
    var list = el('queue-list');
    list.textContent = '';
    q.forEach(function (item) {
      var li = document.createElement('li');
      li.textContent = item.number + ' · ' + item.body.receiver_name + ' · ' + new Date(item.queuedAt).toLocaleTimeString() +
        (item.error ? ' · ' + item.error : '');
      list.appendChild(li);
    });
    el('queue-count').textContent = String(q.length);
    var form = el('receipt');
    if (form) {
      var mine = q.filter(function (i) { return String(i.noteId) === form.dataset.note; })[0];
      el('queued-here').hidden = !mine;
      form.hidden = !!mine;
    }
  }

  var syncing = false;
  // Sends every queued receipt; keeps what the server did not acknowledge.
  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    var q = queue();
    if (!q.length) return Promise.resolve();
    syncing = true;
    var chain = Promise.resolve();
    q.forEach(function (item) {
      chain = chain.then(function () {
        return fetch('/api/v1/delivery-notes/' + item.noteId + '/receipt', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.key, 'Accept-Language': document.documentElement.lang },
          body: JSON.stringify(item.body)
        }).then(function (res) {
          if (res.status === 201 || res.status === 200) { drop(item.key, true); return; }
          return res.json().catch(function () { return {}; }).then(function (body) {
            var msg = (body.error && body.error.message) || ('HTTP ' + res.status);
            if (res.status === 401) { mark(item.key, T.signin_to_send); return; }
            // 409 "already signed for" is final: someone recorded this note; the queue keeps
            // the phone's copy with the reason until the driver dismisses it.
            mark(item.key, msg);
          });
        }).catch(function () { /* no network: try again later */ });
      });
    });
    return chain.then(function () { syncing = false; render(); }, function () { syncing = false; });
  }
  function drop(key, sent) {
    save(queue().filter(function (i) { return i.key !== key; }));
    if (sent) { var s = el('sent'); if (s) { s.hidden = false; } }
  }
  function mark(key, error) {
    save(queue().map(function (i) { if (i.key === key) i.error = error; return i; }));
  }

  // Signature pad: pointer events cover finger, pen and mouse.
  function pad(canvas) {
    var ctx = canvas.getContext('2d');
    var drawing = false, strokes = 0;
    function size() {
      var r = canvas.getBoundingClientRect(), k = window.devicePixelRatio || 1;
      canvas.width = Math.round(r.width * k); canvas.height = Math.round(r.height * k);
      ctx.setTransform(k, 0, 0, k, 0, 0);
      ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#111';
      ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, r.width, r.height);
      strokes = 0;
    }
    function at(e) { var r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; }
    canvas.addEventListener('pointerdown', function (e) {
      e.preventDefault(); canvas.setPointerCapture(e.pointerId); drawing = true;
      var p = at(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]);
    });
    canvas.addEventListener('pointermove', function (e) {
      if (!drawing) return; e.preventDefault();
      var p = at(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); strokes++;
    });
    ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (t) {
      canvas.addEventListener(t, function () { drawing = false; });
    });
    size();
    return { clear: size, empty: function () { return strokes < 3; }, png: function () { return canvas.toDataURL('image/png'); } };
  }

  // A photo from the camera, scaled down to keep the receipt small.
  function readPhoto(input) {
    return new Promise(function (resolve) {
      var f = input.files && input.files[0];
      if (!f) return resolve(null);
      var img = new Image();
      img.onload = function () {
        var k = Math.min(1, 1280 / Math.max(img.width, img.height));
        var c = document.createElement('canvas');
        c.width = Math.round(img.width * k); c.height = Math.round(img.height * k);
        c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
        URL.revokeObjectURL(img.src);
        resolve(c.toDataURL('image/jpeg', 0.7));
      };
      img.onerror = function () { resolve(null); };
      img.src = URL.createObjectURL(f);
    });
  }

  function receiptForm(form) {
    var signature = pad(el('signature'));
    var position = null;
    el('clear-signature').addEventListener('click', function () { signature.clear(); });
    var locate = el('locate');
    if (locate) locate.addEventListener('click', function () {
      if (!navigator.geolocation) return;
      locate.textContent = T.locating;
      navigator.geolocation.getCurrentPosition(function (p) {
        position = p.coords; locate.textContent = T.located + ' ' + p.coords.latitude.toFixed(5) + ', ' + p.coords.longitude.toFixed(5);
      }, function () { locate.textContent = T.no_location; }, { timeout: 10000, maximumAge: 60000 });
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var error = el('form-error');
      error.textContent = '';
      var name = form.elements.receiver_name.value.trim();
      if (!name) { error.textContent = T.need_name; form.elements.receiver_name.focus(); return; }
      if (signature.empty()) { error.textContent = T.need_signature; return; }
      var lines = [];
      var rows = form.querySelectorAll('[data-line]');
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var q = parseFloat(row.querySelector('input[name=received]').value);
        var loaded = parseFloat(row.dataset.loaded);
        var note = row.querySelector('input[name=note]').value.trim();
        if (isNaN(q) || q < 0 || q > loaded) { error.textContent = T.bad_quantity; return; }
        if (q < loaded && !note) { error.textContent = T.need_exception; row.querySelector('input[name=note]').focus(); return; }
        lines.push({ line_id: Number(row.dataset.line), received_quantity: q, note: note || null });
      }
      readPhoto(form.elements.photo).then(function (photo) {
        var body = { receiver_name: name, signature: signature.png(), received_at: new Date().toISOString(), lines: lines, photo: photo };
        if (position) { body.latitude = position.latitude; body.longitude = position.longitude; }
        var q = queue();
        q.push({ key: uuid(), driver: ME, noteId: Number(form.dataset.note), number: form.dataset.number, body: body, queuedAt: Date.now() });
        save(q);
        sync();
      });
    });
  }

  // Forgets this driver on the phone: their queued receipts and every cached driver page and
  // the service worker that serves them, so the next person cannot read them offline. Other
  // drivers' unsent receipts stay.
  function forget() {
    leaving = true;
    try { store(others()); } catch (e) { /* storage unavailable: nothing kept */ }
    var jobs = [];
    if ('caches' in window) {
      jobs.push(caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf('driver-') === 0; }).map(function (k) { return caches.delete(k); }));
      }));
    }
    if ('serviceWorker' in navigator && navigator.serviceWorker.getRegistrations) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.all(jobs).catch(function () {});
  }

  function signOut(button) {
    button.addEventListener('click', function () {
      var left = queue().length;
      var go = function () {
        forget().then(function () {
          // the server's answer clears the site's storage too (Clear-Site-Data), with any other
          // driver's unsent receipts: those are written back
          var kept = others();
          return fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin' }).catch(function () {})
            .then(function () { try { store(kept); } catch (e) { /* storage unavailable */ } });
        }).then(function () { location.href = '/signin'; });
      };
      if (!left) return go();
      // A signed receipt is never dropped unasked: first try to send it, and if that fails
      // the driver must say so again before the phone forgets it.
      if (confirm(T.queued_send_first.replace('{n}', left))) {
        sync().then(function () {
          var still = queue().length;
          if (!still) return go();
          if (confirm(T.still_queued.replace('{n}', still))) go();
        });
      }
    });
  }

  // Keeps the day's notes on the phone for use without signal.
  function cacheNotes() {
    if (!('caches' in window)) return;
    var links = [].map.call(document.querySelectorAll('a[data-note-link]'), function (a) { return a.getAttribute('href'); });
    caches.open('driver-pages-v2').then(function (c) {
      links.forEach(function (u) {
        fetch(u, { credentials: 'same-origin' }).then(function (r) { if (r.ok && !leaving) c.put(u, r); }).catch(function () {});
      });
    });
  }

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js', { scope: '/driver' }).catch(function () {});
  var form = el('receipt');
  if (form) receiptForm(form);
  var out = el('sign-out');
  if (out) signOut(out);
  var discard = el('queue-retry');
  if (discard) discard.addEventListener('click', function () { save(queue().map(function (i) { delete i.error; return i; })); sync(); });
  window.addEventListener('online', function () { el('offline').hidden = true; sync(); });
  window.addEventListener('offline', function () { el('offline').hidden = false; });
  el('offline').hidden = navigator.onLine;
  render();
  sync();
  cacheNotes();
  setInterval(sync, 15000);
})();
