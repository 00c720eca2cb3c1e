/* WaterGuard field page: hazard reports, zero reports, leak-survey readings.
 *
 * Everything sent goes through the outbox (IndexedDB): a report is stored on
 * the phone first, then sent; when the network or the desk is away it stays
 * queued and is sent again (same client_id, so the desk stores it once).
 * User text is only ever shown with textContent. */
(function () {
  "use strict";

  var T = {
    zh: {
      title: "供水保障 · 现场上报", token_label: "请扫描桌面打印的二维码，或输入令牌：", token_save: "保存",
      tab_hazard: "隐患上报", tab_zero: "零报告", tab_leak: "测漏",
      what: "发现了什么？", note: "说明", add_photos: "拍照（最多3张）", position: "位置", locate: "重新定位",
      nudge_hint: "定位不准：在地图上点选位置，或用箭头移动（每次20米），或输入坐标", no_map: "库中没有街道数据", move_20: "20米", set: "设定",
      send: "上报", zero_title: "今日零报告", safe: "平安无事", incident: "有情况",
      leak_title: "附近待测点", refresh: "刷新", point: "测点", noise: "噪声（分贝）",
      no_leak: "无漏", leak_suspected: "疑似漏水", unclear: "不确定",
      sent_title: "已发送 / 待发送", retry: "立即重发",
      cat_leak: "漏水", cat_water_on_road: "路面积水", cat_construction_near_main: "施工靠近管线",
      cat_damaged_cover: "阀门/消火栓井盖损坏", cat_low_pressure: "水压低", cat_other: "其他",
      online: "在线", offline: "离线", queued: "待发送 {0} 条", no_position: "无定位",
      accuracy: "±{0} 米", poor: "（不准）", locating: "正在定位…",
      pick_category: "请选择隐患类别", pick_slot: "请选择时段", pick_status: "请选择平安或有情况",
      need_note: "有情况时请填写说明", pick_point: "请选择测点", need_reading: "请填写噪声或选择判断",
      too_many_photos: "最多3张照片", saved_queued: "已保存，网络恢复后自动发送",
      stored: "已送达：{0}", repeat: "已送达（重复，未重复登记）：{0}", refused: "未被接受：{0}",
      waiting: "待发送", sending: "发送中…", kind_hazard: "隐患", kind_zero: "零报告", kind_leak: "测漏",
      slot_safe: "平安", slot_incident: "有情况", slot_missing: "缺报", slot_pending: "待报",
      me_failed: "无法连接指挥台，稍后重试", no_points: "今天附近没有待测点", read: "已测", due: "待测",
      leak_off: "本系统未启用测漏", only_units: "零报告需使用单位的二维码",
      m: "米",
      err_bad_token: "令牌无效，请向指挥台索取新的二维码", err_rate_limited: "发送太频繁，请稍候",
      err_too_large: "文件太大", err_not_an_image: "不是图片文件", err_unsupported_image: "只接受JPEG、PNG或HEIC照片",
      err_heic_unsupported: "无法读取HEIC照片，请把相机设置为“兼容性最佳”", err_too_many_pixels: "照片像素太多",
      err_bad_category: "隐患类别无效", err_note_too_long: "说明太长", err_bad_position: "位置无效",
      err_time_ahead: "手机时间不对（超前）", err_time_old: "报告太旧", err_bad_zero_report: "时段无效或缺少说明",
      err_not_a_unit: "零报告需使用单位的二维码", err_client_id_taken: "编号冲突", err_bad_status: "状态无效",
      err_leak_survey_unavailable: "本系统未启用测漏", err_unknown_point: "没有这个测点",
      err_far_from_point: "离测点太远", err_bad_noise: "噪声值不合理", err_bad_verdict: "判断无效",
      err_empty_reading: "请填写噪声或选择判断", err_future_time: "手机时间不对（超前）",
      err_inactive_point: "此测点已停测", err_no_time: "缺少测量时间", err_too_early: "手机时间不对（未设置）",
      err_bad_source: "来源无效", err_too_many_photos: "照片太多（最多3张）", err_bad_field: "数值无效",
      err_bad_time: "时间无效", err_bad_client_id: "报告编号无效", err_reason_required: "请填写原因",
      err_bad_request: "请求无效", err_busy: "指挥台繁忙，稍后自动重发", err_error: "指挥台处理出错",
      err_not_found: "找不到该地址", err_method_not_allowed: "请求方式无效", err_length_required: "请求无效",
      err_unsupported_body: "请求格式无效", err_refused: "指挥台未接收",
      err_other: "指挥台未接收（错误 {0}）"
    },
    en: {
      title: "Water supply · field report", token_label: "Scan the QR code printed at the desk, or type the token:",
      token_save: "Save", tab_hazard: "Hazard", tab_zero: "Zero report", tab_leak: "Leak survey",
      what: "What did you find?", note: "Note", add_photos: "Take photos (up to 3)", position: "Position",
      locate: "Locate again", nudge_hint: "Position is poor: tap the map, move it with the arrows (20 m a step) or type it",
      no_map: "No streets in the store",
      move_20: "20 m", set: "Set", send: "Send", zero_title: "Today's zero reports", safe: "All safe",
      incident: "Incident", leak_title: "Survey points nearby", refresh: "Refresh", point: "Point",
      noise: "Noise (dB)", no_leak: "No leak", leak_suspected: "Leak suspected", unclear: "Unclear",
      sent_title: "Sent / waiting", retry: "Send now",
      cat_leak: "Leak", cat_water_on_road: "Water on the road", cat_construction_near_main: "Construction near a main",
      cat_damaged_cover: "Damaged valve/hydrant cover", cat_low_pressure: "Low pressure", cat_other: "Other",
      online: "online", offline: "offline", queued: "{0} waiting", no_position: "no position",
      accuracy: "±{0} m", poor: " (poor)", locating: "locating…",
      pick_category: "Choose what you found", pick_slot: "Choose a slot", pick_status: "Choose all safe or incident",
      need_note: "An incident needs a note", pick_point: "Choose a point", need_reading: "Give a noise level or a verdict",
      too_many_photos: "At most 3 photos", saved_queued: "Saved; it is sent when the network is back",
      stored: "Arrived: {0}", repeat: "Arrived (a repeat, stored once): {0}", refused: "Not accepted: {0}",
      waiting: "waiting", sending: "sending…", kind_hazard: "Hazard", kind_zero: "Zero report", kind_leak: "Reading",
      slot_safe: "safe", slot_incident: "incident", slot_missing: "missing", slot_pending: "due",
      me_failed: "Cannot reach the desk; trying again later", no_points: "No survey points due nearby today",
      read: "read", due: "due", leak_off: "The leak survey is not set up here",
      only_units: "Zero reports need a unit's QR code", m: "m",
      err_bad_token: "This token is not valid; ask the desk for a new QR code", err_rate_limited: "Too many sends; wait a little",
      err_too_large: "The file is too large", err_not_an_image: "Not a picture", err_unsupported_image: "JPEG, PNG or HEIC photos only",
      err_heic_unsupported: "HEIC photos cannot be read; set the camera to \u201cMost compatible\u201d",
      err_too_many_pixels: "The photo has too many pixels", err_bad_category: "Unknown category",
      err_note_too_long: "The note is too long", err_bad_position: "The position is not valid",
      err_time_ahead: "The phone's clock is ahead", err_time_old: "The report is too old",
      err_bad_zero_report: "Unknown slot, or an incident without a note", err_not_a_unit: "Zero reports need a unit's QR code",
      err_client_id_taken: "Report id clash", err_bad_status: "Unknown status",
      err_leak_survey_unavailable: "The leak survey is not set up here", err_unknown_point: "No such point",
      err_far_from_point: "Too far from the point", err_bad_noise: "Implausible noise level",
      err_bad_verdict: "Unknown verdict", err_empty_reading: "Give a noise level or a verdict",
      err_future_time: "The phone's clock is ahead",
      err_inactive_point: "This point is no longer surveyed", err_no_time: "No reading time",
      err_too_early: "The phone's clock is not set", err_bad_source: "Unknown source",
      err_too_many_photos: "Too many photos (at most 3)", err_bad_field: "A value is not valid",
      err_bad_time: "The time is not valid", err_bad_client_id: "The report id is not valid",
      err_reason_required: "Give a reason", err_bad_request: "The request is not valid",
      err_busy: "The desk is busy; sending again later", err_error: "The desk could not handle this",
      err_not_found: "Not found", err_method_not_allowed: "The request is not valid",
      err_length_required: "The request is not valid", err_unsupported_body: "The request is not valid",
      err_refused: "The desk did not accept this", err_other: "The desk did not accept this (error {0})"
    }
  };
  var CATEGORIES = ["leak", "water_on_road", "construction_near_main", "damaged_cover", "low_pressure", "other"];
  var MAX_PHOTOS = 3, MAX_SIDE = 1600, POOR_M = 50, STEP_M = 20, RETRY_MS = 15000;

  var lang = localStorage.getItem("wg.lang") ||
    ((navigator.language || "").toLowerCase().indexOf("zh") === 0 ? "zh" : "en");
  var token = "";
  var me = null;
  var state = {category: null, photos: [], pos: null, slot: null, zeroStatus: null, point: null, verdict: null};
  var sending = false;
  var log = [];  // shown in the outbox list: {client_id, kind, label, state, text}

  function $(id) { return document.getElementById(id); }
  function t(key) {
    var s = (T[lang] && T[lang][key]) || T.en[key] || key;
    for (var i = 1; i < arguments.length; i++) s = s.replace("{" + (i - 1) + "}", String(arguments[i]));
    return s;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function say(text, kind) {
    var m = $("message");
    m.textContent = text || "";
    m.className = kind || "";
  }
  function errorText(body, status) {
    var code = body && body.code ? String(body.code) : "http_" + status;
    var known = T[lang]["err_" + code] || (lang === "en" ? T.en["err_" + code] : null);
    var detail = body && body.message ? String(body.message) : "";
    if (known) return known + (detail && lang === "en" ? " (" + detail + ")" : "");
    // The desk's detail and its codes are English: a Chinese page says what happened in Chinese.
    if (lang !== "en") return t("err_other", status || 0);
    return detail || t("err_other", status || 0);
  }

  // -- language -----------------------------------------------------------------------------
  function applyLang() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.getAttribute("data-i18n")); });
    document.title = t("title");
    $("lang").textContent = lang === "zh" ? "EN" : "中文";
    drawCategories(); drawPosition(); drawNet(); drawSlots(); drawOutbox();
  }

  // -- outbox (IndexedDB) ----------------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = indexedDB.open("waterguard-field", 1);
        req.onupgradeneeded = function () { req.result.createObjectStore("outbox", {keyPath: "client_id"}); };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var x = d.transaction("outbox", mode), store = x.objectStore("outbox"), out = fn(store);
        x.oncomplete = function () { resolve(out && out.result !== undefined ? out.result : undefined); };
        x.onerror = function () { reject(x.error); };
      });
    });
  }
  function queueAll() { return tx("readonly", function (s) { return s.getAll(); }); }
  function queuePut(item) { return tx("readwrite", function (s) { s.put(item); }); }
  function queueDelete(id) { return tx("readwrite", function (s) { s["delete"](id); }); }

  function enqueue(item) {
    item.created = Date.now();
    log.unshift({client_id: item.client_id, kind: item.kind, label: item.label, state: "waiting", text: ""});
    return queuePut(item).then(function () { drawOutbox(); return flush(); });
  }

  function formOf(item) {
    var f = new FormData();
    f.append("token", token);
    Object.keys(item.fields).forEach(function (k) {
      if (item.fields[k] !== null && item.fields[k] !== undefined) f.append(k, String(item.fields[k]));
    });
    (item.photos || []).forEach(function (p, i) { f.append("photo", p.blob, p.name || ("photo" + (i + 1) + ".jpg")); });
    return f;
  }
  var ROUTES = {hazard: "/api/hazards", zero: "/api/zero-reports", leak: "/api/leak-readings"};

  function entry(id) {
    for (var i = 0; i < log.length; i++) if (log[i].client_id === id) return log[i];
    return null;
  }

  function flush() {
    if (sending || !token) return Promise.resolve();
    sending = true;
    return queueAll().then(function (items) {
      items.sort(function (a, b) { return a.created - b.created; });
      var chain = Promise.resolve(true);
      items.forEach(function (item) {
        chain = chain.then(function (go) {
          if (!go) return false;
          var e = entry(item.client_id);
          if (!e) { e = {client_id: item.client_id, kind: item.kind, label: item.label}; log.unshift(e); }
          e.state = "sending"; drawOutbox();
          return fetch(ROUTES[item.kind], {method: "POST", body: formOf(item), cache: "no-store"})
            .then(function (r) {
              return r.json().catch(function () { return {}; }).then(function (body) { return {status: r.status, body: body}; });
            })
            .then(function (res) {
              online(true);
              if (res.status === 201 || res.status === 200) {
                e.state = res.status === 201 ? "stored" : "repeat";
                e.text = res.body.code || res.body.slot || res.body.point_code || "";
                return queueDelete(item.client_id).then(function () { done(item, e); return true; });
              }
              if (res.status === 429 || res.status === 503 || res.status >= 500 || res.status === 408) {
                e.state = "waiting"; e.text = errorText(res.body, res.status);
                return false;  // the desk is busy: keep it, try later
              }
              if (res.status === 401) {  // keep the report: it is sent once a valid token is saved
                e.state = "waiting"; e.text = errorText(res.body, res.status);
                say(e.text, "bad"); showToken();
                return false;
              }
              e.state = "refused"; e.text = errorText(res.body, res.status);
              say(t("refused", e.text), "bad");
              return queueDelete(item.client_id).then(function () { return true; });
            }, function () {
              online(false);
              e.state = "waiting"; e.text = "";
              return false;  // no network: keep everything queued
            });
        });
      });
      return chain;
    }).then(function () { sending = false; drawOutbox(); }, function () { sending = false; drawOutbox(); });
  }

  function done(item, e) {
    say(t(e.state === "stored" ? "stored" : "repeat", e.text || t("kind_" + item.kind)), "good");
    if (item.kind === "zero") loadMe();
    if (item.kind === "leak") loadPoints();
  }

  // -- header -------------------------------------------------------------------------------------
  var isOnline = navigator.onLine;
  function online(on) { isOnline = on; drawNet(); }
  function drawNet() {
    var n = $("net");
    n.textContent = isOnline ? t("online") : t("offline");
    n.className = "net " + (isOnline ? "on" : "off");
  }
  function drawOutbox() {
    var list = $("outbox");
    list.textContent = "";
    var waiting = 0;
    log.slice(0, 20).forEach(function (e) {
      if (e.state === "waiting" || e.state === "sending") waiting++;
      var li = el("li", "out " + e.state);
      li.appendChild(el("span", "kind", t("kind_" + e.kind)));
      li.appendChild(el("span", "label", e.label || ""));
      var word = {waiting: t("waiting"), sending: t("sending"), stored: t("stored", e.text || ""),
                  repeat: t("repeat", e.text || ""), refused: t("refused", e.text || "")}[e.state] || "";
      li.appendChild(el("span", "state", word));
      list.appendChild(li);
    });
    $("outbox-box").hidden = log.length === 0;
    $("queued").textContent = waiting ? t("queued", waiting) : "";
  }

  // -- token and holder -----------------------------------------------------------------------------
  function readToken() {
    var params = new URLSearchParams(location.search);
    var fromUrl = params.get("token");
    if (fromUrl) {
      localStorage.setItem("wg.token", fromUrl.trim());
      history.replaceState(null, "", location.pathname);  // the token leaves the address bar and history
    }
    token = localStorage.getItem("wg.token") || "";
  }
  function loadMe() {
    if (!token) { showToken(); return Promise.resolve(); }
    return fetch("/api/me?token=" + encodeURIComponent(token), {cache: "no-store"}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        online(true);
        if (r.status === 401) { say(errorText(body, 401), "bad"); showToken(); return; }
        if (!r.ok) { say(errorText(body, r.status), "bad"); return; }
        me = body;
        $("holder").textContent = me.name + (me.team ? " · " + me.team : "");
        $("token-box").hidden = true;
        $("tabs").hidden = false;
        if (!current) showTab(me.kind === "unit" ? "zero" : "hazard");
        drawSlots();
      });
    }, function () { online(false); say(t("me_failed"), "bad"); if (token) { $("tabs").hidden = false; if (!current) showTab("hazard"); } });
  }
  function showToken() {
    $("token-box").hidden = false;
    $("tabs").hidden = true;
    document.querySelectorAll(".panel").forEach(function (p) { p.hidden = true; });
    $("token-input").value = token;
  }
  var current = null;
  function showTab(name) {
    current = name;
    document.querySelectorAll(".panel").forEach(function (p) { p.hidden = p.id !== name; });
    document.querySelectorAll(".tab").forEach(function (b) { b.classList.toggle("on", b.getAttribute("data-tab") === name); });
    if (name === "leak") loadPoints();
  }

  // -- hazard -------------------------------------------------------------------------------------
  function drawCategories() {
    var box = $("categories");
    box.textContent = "";
    CATEGORIES.forEach(function (c) {
      var b = el("button", "big choice" + (state.category === c ? " on" : ""), t("cat_" + c));
      b.type = "button";
      b.setAttribute("data-category", c);
      b.setAttribute("aria-pressed", state.category === c ? "true" : "false");
      b.addEventListener("click", function () { state.category = c; drawCategories(); });
      box.appendChild(b);
    });
  }

  function resize(file) {
    // Decoded and redrawn on a canvas: a JPEG of at most MAX_SIDE px, no metadata. A file the
    // browser cannot decode is sent as it is: the desk checks it and says why it is refused.
    if (!window.createImageBitmap) return Promise.resolve({blob: file, name: file.name});
    return createImageBitmap(file, {imageOrientation: "from-image"}).then(function (bmp) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
      var c = document.createElement("canvas");
      c.width = Math.max(1, Math.round(bmp.width * scale));
      c.height = Math.max(1, Math.round(bmp.height * scale));
      c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
      return new Promise(function (resolve) {
        c.toBlob(function (blob) {
          resolve(blob ? {blob: blob, name: (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg"}
                       : {blob: file, name: file.name});
        }, "image/jpeg", 0.85);
      });
    }, function () { return {blob: file, name: file.name}; });
  }

  function addPhotos(files) {
    var list = Array.prototype.slice.call(files || []);
    if (state.photos.length + list.length > MAX_PHOTOS) { say(t("too_many_photos"), "bad"); list = list.slice(0, MAX_PHOTOS - state.photos.length); }
    return Promise.all(list.map(resize)).then(function (done) {
      state.photos = state.photos.concat(done);
      drawThumbs();
    });
  }
  function drawThumbs() {
    var box = $("thumbs");
    box.textContent = "";
    state.photos.forEach(function (p, i) {
      var fig = el("figure");
      var img = document.createElement("img");
      img.alt = "";
      img.src = URL.createObjectURL(p.blob);
      fig.appendChild(img);
      var x = el("button", "small", "✕");
      x.type = "button";
      x.addEventListener("click", function () { state.photos.splice(i, 1); drawThumbs(); });
      fig.appendChild(x);
      box.appendChild(fig);
    });
  }

  var watchId = null;
  function locate() {
    if (!navigator.geolocation) { drawPosition(); return; }
    if (watchId !== null) navigator.geolocation.clearWatch(watchId);
    $("pos-text").textContent = t("locating");
    watchId = navigator.geolocation.watchPosition(function (p) {
      if (state.pos && state.pos.manual) return;
      state.pos = {lat: p.coords.latitude, lon: p.coords.longitude, acc: p.coords.accuracy, manual: false};
      drawPosition();
    }, function () { drawPosition(); }, {enableHighAccuracy: true, maximumAge: 10000, timeout: 30000});
  }
  function setPosition(lon, lat, acc, manual) {
    state.pos = {lon: lon, lat: lat, acc: acc, manual: !!manual};
    drawPosition();
  }
  function drawPosition() {
    var p = state.pos, text = $("pos-text");
    if (!text) return;
    if (!p) {
      text.textContent = t("no_position");
    } else {
      var acc = p.acc === null || p.acc === undefined ? "" : " " + t("accuracy", Math.round(p.acc));
      text.textContent = p.lat.toFixed(6) + ", " + p.lon.toFixed(6) + acc + (p.acc > POOR_M ? t("poor") : "");
    }
    $("nudge").hidden = !!(p && p.acc !== null && p.acc <= POOR_M);
    if (token) mapFollows();
  }
  // -- the pin map: the store's streets around the pin, drawn on a canvas; a tap places the pin --------
  var map = {center: null, radius: 300, lines: [], loaded: false, loading: false};
  var M_PER_DEG = 111320;
  function mapScale(c) { return (c.height / 2) / map.radius; }  // px per metre
  function toPx(c, lon, lat) {
    var k = mapScale(c), cosLat = Math.cos(map.center[1] * Math.PI / 180);
    return [c.width / 2 + (lon - map.center[0]) * M_PER_DEG * cosLat * k,
            c.height / 2 - (lat - map.center[1]) * M_PER_DEG * k];
  }
  function fromPx(c, x, y) {
    var k = mapScale(c), cosLat = Math.cos(map.center[1] * Math.PI / 180);
    return [map.center[0] + (x - c.width / 2) / (k * M_PER_DEG * cosLat),
            map.center[1] - (y - c.height / 2) / (k * M_PER_DEG)];
  }
  function loadMap() {
    if (!token || map.loading) return Promise.resolve();
    map.loading = true;
    var c = $("pinmap");
    var q = "/api/map-snippet?token=" + encodeURIComponent(token) +
            "&radius=" + Math.round(map.radius * c.width / c.height);
    if (state.pos) q += "&lat=" + state.pos.lat.toFixed(7) + "&lon=" + state.pos.lon.toFixed(7);
    return fetch(q, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
      map.loading = false;
      if (!body) return;
      map.center = body.center; map.lines = body.lines || []; map.loaded = true;
      mapFollows();  // the pin may have moved while this loaded: reload around it if it is off the view
    }, function () { map.loading = false; online(false); });
  }
  function drawMap() {
    var c = $("pinmap"), g = c.getContext("2d");
    g.fillStyle = "#ffffff"; g.fillRect(0, 0, c.width, c.height);
    if (!map.center) {
      g.fillStyle = "#000"; g.font = "20px sans-serif"; g.fillText(t("no_map"), 12, 30);
      return;
    }
    g.strokeStyle = "#555"; g.lineWidth = 4; g.lineCap = "round"; g.lineJoin = "round";
    map.lines.forEach(function (line) {
      g.beginPath();
      line.forEach(function (p, i) { var xy = toPx(c, p[0], p[1]); if (i) g.lineTo(xy[0], xy[1]); else g.moveTo(xy[0], xy[1]); });
      g.stroke();
    });
    var p = state.pos;
    if (p) {
      var xy = toPx(c, p.lon, p.lat);
      if (p.acc) {
        g.beginPath(); g.arc(xy[0], xy[1], Math.min(p.acc * mapScale(c), c.width), 0, 2 * Math.PI);
        g.fillStyle = "rgba(0, 90, 200, 0.15)"; g.fill(); g.strokeStyle = "#0050b0"; g.lineWidth = 2; g.stroke();
      }
      g.beginPath(); g.arc(xy[0], xy[1], 12, 0, 2 * Math.PI);
      g.fillStyle = "#d00000"; g.fill(); g.strokeStyle = "#000"; g.lineWidth = 3; g.stroke();
    }
    var bar = 100 * mapScale(c), label = "100 " + t("m");
    if (bar > c.width / 2) { bar = 20 * mapScale(c); label = "20 " + t("m"); }
    if (bar < 30) { bar = 1000 * mapScale(c); label = "1000 " + t("m"); }
    g.fillStyle = "#000"; g.fillRect(12, c.height - 18, bar, 6);
    g.font = "bold 18px sans-serif"; g.fillText(label, 12, c.height - 26);
  }
  function tapMap(ev) {
    var c = $("pinmap");
    if (!map.center) return;
    var r = c.getBoundingClientRect();
    var x = (ev.clientX - r.left) * c.width / r.width, y = (ev.clientY - r.top) * c.height / r.height;
    var ll = fromPx(c, x, y);
    setPosition(ll[0], ll[1], null, true);
  }
  function zoom(f) {
    map.radius = Math.min(4000, Math.max(60, map.radius * f));
    loadMap();
  }
  function mapFollows() {
    // Reload when the pin left the middle of the view (or nothing is loaded yet).
    if ($("nudge").hidden) return;
    var c = $("pinmap");
    if (!map.loaded) { loadMap(); return; }
    if (state.pos && map.center) {
      var xy = toPx(c, state.pos.lon, state.pos.lat);
      if (xy[0] < c.width * 0.1 || xy[0] > c.width * 0.9 || xy[1] < c.height * 0.1 || xy[1] > c.height * 0.9) {
        loadMap(); return;
      }
    }
    drawMap();
  }

  function nudge(dir) {
    if (!state.pos) return;
    var dLat = STEP_M / 111320, dLon = STEP_M / (111320 * Math.cos(state.pos.lat * Math.PI / 180));
    var p = state.pos;
    var lat = p.lat + (dir === "n" ? dLat : dir === "s" ? -dLat : 0);
    var lon = p.lon + (dir === "e" ? dLon : dir === "w" ? -dLon : 0);
    setPosition(lon, lat, p.acc, true);
  }

  function sendHazard() {
    if (!state.category) { say(t("pick_category"), "bad"); return Promise.resolve(); }
    var p = state.pos;
    var item = {
      client_id: newId(), kind: "hazard",
      label: t("cat_" + state.category) + ($("note").value.trim() ? " · " + $("note").value.trim().slice(0, 60) : ""),
      fields: {category: state.category, note: $("note").value, reported_at: new Date().toISOString(),
               lat: p ? p.lat.toFixed(7) : null, lon: p ? p.lon.toFixed(7) : null,
               accuracy: p && p.acc !== null && p.acc !== undefined ? Math.round(p.acc) : null},
      photos: state.photos.slice()
    };
    item.fields.client_id = item.client_id;
    state.category = null; state.photos = []; $("note").value = ""; $("photos").value = "";
    drawCategories(); drawThumbs();
    say(t("saved_queued"), "");
    return enqueue(item);
  }

  // -- zero report ----------------------------------------------------------------------------------
  function drawSlots() {
    var box = $("slots");
    if (!box) return;
    box.textContent = "";
    if (!me || me.kind !== "unit") { box.appendChild(el("p", "hint", t("only_units"))); return; }
    (me.slots || []).forEach(function (s) {
      var b = el("button", "big slot " + s.state + (state.slot === s.slot ? " on" : ""));
      b.type = "button";
      b.setAttribute("data-slot", s.slot);
      b.appendChild(el("span", "time", s.slot));
      b.appendChild(el("span", "slot-state", t("slot_" + s.state)));
      b.addEventListener("click", function () { state.slot = s.slot; drawSlots(); });
      box.appendChild(b);
    });
  }
  function sendZero() {
    if (!state.slot) { say(t("pick_slot"), "bad"); return Promise.resolve(); }
    if (!state.zeroStatus) { say(t("pick_status"), "bad"); return Promise.resolve(); }
    var note = $("zero-note").value;
    if (state.zeroStatus === "incident" && !note.trim()) { say(t("need_note"), "bad"); return Promise.resolve(); }
    var id = newId();
    var item = {client_id: id, kind: "zero", label: state.slot,
                fields: {client_id: id, slot: state.slot, status: state.zeroStatus, note: note}};
    state.slot = null; state.zeroStatus = null; $("zero-note").value = "";
    document.querySelectorAll("[data-status]").forEach(function (b) { b.classList.remove("on"); });
    drawSlots();
    return enqueue(item);
  }

  // -- leak survey ----------------------------------------------------------------------------------
  function loadPoints() {
    if (!token) return Promise.resolve();
    var q = "/api/leak-points?token=" + encodeURIComponent(token) + "&limit=15";
    if (state.pos) q += "&lat=" + state.pos.lat.toFixed(7) + "&lon=" + state.pos.lon.toFixed(7);
    return fetch(q, {cache: "no-store"}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        var list = $("leak-points");
        list.textContent = "";
        if (!r.ok) { list.appendChild(el("li", "hint", errorText(body, r.status))); return; }
        if (!body.points || !body.points.length) { list.appendChild(el("li", "hint", t("no_points"))); return; }
        body.points.forEach(function (p) {
          var li = el("li");
          var b = el("button", "big point" + (p.read ? " read" : "") + (state.point === p.code ? " on" : ""));
          b.type = "button";
          b.setAttribute("data-point", p.code);
          var name = (lang === "zh" && p.name_zh) ? p.name_zh : (p.name || p.name_zh || p.code);
          b.appendChild(el("span", "label", name));
          var dist = p.distance_m === null || p.distance_m === undefined ? "" : Math.round(p.distance_m) + " " + t("m") + " · ";
          b.appendChild(el("span", "meta", dist + (p.read ? t("read") : t("due"))));
          b.addEventListener("click", function () {
            state.point = p.code; $("leak-point").textContent = name; $("leak-form").hidden = false;
            document.querySelectorAll(".point").forEach(function (x) { x.classList.toggle("on", x === b); });
          });
          li.appendChild(b);
          list.appendChild(li);
        });
      });
    }, function () { online(false); });
  }
  function sendLeak() {
    if (!state.point) { say(t("pick_point"), "bad"); return Promise.resolve(); }
    var noise = $("noise").value.trim();
    if (!noise && !state.verdict) { say(t("need_reading"), "bad"); return Promise.resolve(); }
    var id = newId(), p = state.pos;
    var item = {client_id: id, kind: "leak", label: $("leak-point").textContent,
                fields: {client_id: id, point: state.point, noise_db: noise, verdict: state.verdict,
                         note: $("leak-note").value, taken_at: new Date().toISOString(),
                         lat: p ? p.lat.toFixed(7) : null, lon: p ? p.lon.toFixed(7) : null}};
    state.point = null; state.verdict = null; $("noise").value = ""; $("leak-note").value = "";
    $("leak-form").hidden = true;
    document.querySelectorAll("[data-verdict]").forEach(function (b) { b.classList.remove("on"); });
    return enqueue(item);
  }

  // -- wiring ---------------------------------------------------------------------------------------
  function wire() {
    $("lang").addEventListener("click", function () {
      lang = lang === "zh" ? "en" : "zh"; localStorage.setItem("wg.lang", lang); applyLang(); if (current === "leak") loadPoints();
    });
    $("token-save").addEventListener("click", function () {
      token = $("token-input").value.trim(); localStorage.setItem("wg.token", token); loadMe().then(flush);
    });
    document.querySelectorAll(".tab").forEach(function (b) {
      b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
    });
    $("photos").addEventListener("change", function (ev) { addPhotos(ev.target.files); });
    $("locate").addEventListener("click", function () { if (state.pos) state.pos.manual = false; locate(); });
    document.querySelectorAll("[data-move]").forEach(function (b) {
      b.addEventListener("click", function () { nudge(b.getAttribute("data-move")); });
    });
    $("set-pos").addEventListener("click", function () {
      var lat = parseFloat($("lat").value), lon = parseFloat($("lon").value);
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) setPosition(lon, lat, null, true);
    });
    $("send-hazard").addEventListener("click", sendHazard);
    $("pinmap").addEventListener("click", tapMap);
    $("zoom-in").addEventListener("click", function () { zoom(0.5); });
    $("zoom-out").addEventListener("click", function () { zoom(2); });
    document.querySelectorAll("[data-status]").forEach(function (b) {
      b.addEventListener("click", function () {
        state.zeroStatus = b.getAttribute("data-status");
        document.querySelectorAll("[data-status]").forEach(function (x) { x.classList.toggle("on", x === b); });
      });
    });
    $("send-zero").addEventListener("click", sendZero);
    $("leak-refresh").addEventListener("click", loadPoints);
    document.querySelectorAll("[data-verdict]").forEach(function (b) {
      b.addEventListener("click", function () {
        state.verdict = state.verdict === b.getAttribute("data-verdict") ? null : b.getAttribute("data-verdict");
        document.querySelectorAll("[data-verdict]").forEach(function (x) { x.classList.toggle("on", x.getAttribute("data-verdict") === state.verdict); });
      });
    });
    $("send-leak").addEventListener("click", sendLeak);
    $("retry").addEventListener("click", flush);
    window.addEventListener("online", function () { online(true); flush(); });
    window.addEventListener("offline", function () { online(false); });
    setInterval(flush, RETRY_MS);
  }

  // What the page does, for the integration tests and for debugging on a phone.
  window.WG = {flush: flush, setPosition: setPosition, map: map, addPhotos: addPhotos, queue: queueAll, log: log,
               state: state, me: function () { return me; }, ready: false};

  readToken();
  wire();
  applyLang();
  locate();
  queueAll().then(function (items) {
    items.forEach(function (i) { log.push({client_id: i.client_id, kind: i.kind, label: i.label, state: "waiting", text: ""}); });
    drawOutbox();
  }).then(loadMe).then(flush).then(function () { window.WG.ready = true; }, function () { window.WG.ready = true; });
})();
