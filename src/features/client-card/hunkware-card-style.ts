/** The card's look: a compact panel in the page's corner, prefixed classes so nothing collides. */
export const CARD_STYLE = `
.hb-card{position:fixed;top:12px;right:12px;z-index:2147483000;width:320px;max-height:80vh;overflow:auto;
  background:#fff;color:#121c2d;border:1px solid #c8cdd9;border-left:4px solid #0263e0;border-radius:6px;
  box-shadow:0 6px 18px rgba(18,28,45,.18);font:13px/1.4 system-ui,sans-serif;padding:10px 12px}
.hb-card[data-origin="inbound"]{border-left-color:#14b053}
.hb-card-head{display:flex;justify-content:space-between;align-items:center;margin-bottom:6px}
.hb-sr-only{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.hb-card-countdown{font-weight:700;font-variant-numeric:tabular-nums;background:#fef3c7;color:#7a4b00;border-radius:999px;padding:1px 10px}
.hb-card-rows{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}
.hb-card-label{color:#606b85}
.hb-card-value{margin:0;overflow-wrap:anywhere;max-height:4.2em;overflow:hidden}
.hb-card-problem{color:#8c0919;margin:6px 0 0}
.hb-card-waiting{color:#7a4b00;margin:6px 0 0;font-weight:600}
.hb-card-draft{margin-top:6px;padding:6px;background:#f4f4f6;border-radius:4px}
.hb-card-button{font:inherit;margin-left:4px;border:1px solid #8891aa;border-radius:4px;background:#fff;cursor:pointer}
.hb-card-button:focus-visible{outline:2px solid #0263e0;outline-offset:1px}
`;
