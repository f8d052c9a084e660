/* innocity web UI — supervision (督查督办): labels and helpers shared by the pages. */
'use strict';
IC.module('supervision', ({ store, area }) => {

  const COLOUR_TAG = { green: 'success', blue: 'primary', yellow: 'warning', red: 'danger' };
  const STATUSES = ['draft', 'assigned', 'signed', 'closing', 'closed'];
  const STATUS_ZH = { draft: '待交办', assigned: '待签收', signed: '办理中', closing: '待审核', closed: '已销号' };
  const STATUS_EN = { draft: 'Draft', assigned: 'To sign', signed: 'In progress', closing: 'Under review', closed: 'Closed' };
  const COLOUR_ZH = { green: '正常', blue: '蓝色预警', yellow: '黄色预警', red: '红色预警' };
  const COLOUR_EN = { green: 'Normal', blue: 'Blue', yellow: 'Yellow', red: 'Red' };
  const statusLabel = (s) => (store.lang === 'en' ? STATUS_EN : STATUS_ZH)[s] || s;
  const colourLabel = (c) => (store.lang === 'en' ? COLOUR_EN : COLOUR_ZH)[c] || c;
  const unitNames = (tk, parts) => tk.units.filter((u) => parts.includes(u.part)).map((u) => u.org_name).join('、');
  const pct = (v) => (v === null || v === undefined ? '' : Math.round(v) + '%');

  function toBase64(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }
  area.util = { COLOUR_TAG, STATUSES, statusLabel, colourLabel, unitNames, pct, toBase64 };
});
