import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keyboard use of lists of rows and cards (WAI-ARIA APG grid and listbox patterns): the whole list
 * is ONE Tab stop, arrow keys move inside it, Home/End go to the first/last item, and the buttons
 * of a row are reached with the arrow keys instead of one Tab stop each. Implemented as a roving
 * tabindex: exactly one part of the list has `tabindex="0"`, the rest `-1`.
 */

/** Where a key press asks focus to go. `prev`/`next` follow the reading direction (mirrored under rtl). */
export type Navigation = 'up' | 'down' | 'prev' | 'next' | 'first' | 'last' | 'rowStart' | 'rowEnd' | 'pageUp' | 'pageDown';

/** Whether the element lays out right-to-left (`dir="rtl"` on it or an ancestor). */
export function isRtl(element: Element): boolean {
  return getComputedStyle(element).direction === 'rtl';
}

/**
 * The navigation a key press means, or undefined for other keys. With `homeEnd: 'cells'` (a data
 * grid), Home/End move within the row and Ctrl+Home/End to the first/last row, as in the APG grid;
 * otherwise Home/End go to the first/last item.
 */
export function navigationOf(event: KeyboardEvent, rtl: boolean, homeEnd: 'items' | 'cells' = 'items'): Navigation | undefined {
  if (event.altKey || event.metaKey || event.shiftKey) return undefined;
  switch (event.key) {
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    case 'ArrowLeft':
      return rtl ? 'next' : 'prev';
    case 'ArrowRight':
      return rtl ? 'prev' : 'next';
    case 'Home':
      return homeEnd === 'cells' && !event.ctrlKey ? 'rowStart' : 'first';
    case 'End':
      return homeEnd === 'cells' && !event.ctrlKey ? 'rowEnd' : 'last';
    case 'PageUp':
      return 'pageUp';
    case 'PageDown':
      return 'pageDown';
    default:
      return undefined;
  }
}

export interface RovingOptions {
  /** The list (grid, listbox) after the latest render, or null while it is not shown. */
  container(): HTMLElement | null;
  /** Its items in display order. Each carries a stable `data-key` (an id), so focus follows the item, not the slot. */
  items(container: HTMLElement): HTMLElement[];
  /** The focusable parts of an item in order; the item itself may be the only one. */
  cells(item: HTMLElement): HTMLElement[];
  /**
   * `rows` (grid: up/down between rows, left/right between the cells of a row) or `cards`
   * (a wrapping grid of cards: left/right previous/next, up/down to the card above/below).
   */
  readonly layout: 'rows' | 'cards';
  /** Home/End: first/last item (default), or within the row (`cells`, data grids). */
  readonly homeEnd?: 'items' | 'cells';
}

const PAGE_ITEMS = 10;

/**
 * Roving focus for a list whose items are all in the DOM (alerts, agent cards, table rows). Keeps
 * the one Tab stop on the item the user was on, by key, across renders that add, remove or move
 * items; when that item leaves, the Tab stop (and focus, if it was there) goes to its neighbour.
 */
export class RovingFocusController implements ReactiveController {
  private activeKey: string | undefined;
  private activeCol = 0;
  private activeIndex = 0;
  private tabStop: HTMLElement | undefined;
  private hadFocus = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly options: RovingOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.renderRoot.addEventListener('keydown', this.onKeyDown as EventListener);
    this.host.renderRoot.addEventListener('focusin', this.onFocusIn);
  }

  hostDisconnected(): void {
    this.host.renderRoot.removeEventListener('keydown', this.onKeyDown as EventListener);
    this.host.renderRoot.removeEventListener('focusin', this.onFocusIn);
  }

  hostUpdate(): void {
    const container = this.options.container();
    const active = (this.host.renderRoot as ShadowRoot).activeElement;
    this.hadFocus = !!(container && active && container.contains(active));
  }

  hostUpdated(): void {
    const container = this.options.container();
    if (!container) {
      this.tabStop = undefined;
      return;
    }
    const items = this.options.items(container);
    if (items.length === 0) {
      this.tabStop = undefined;
      return;
    }
    let index = this.activeKey === undefined ? -1 : items.findIndex((item) => item.dataset['key'] === this.activeKey);
    if (index < 0) index = Math.min(this.activeIndex, items.length - 1);
    const target = this.cellOf(items[index]!, this.activeCol);
    this.activeIndex = index;
    this.activeKey = items[index]!.dataset['key'];
    this.setTabStop(target);
    // The focused item was moved or removed by this render (focus fell out of the list): keep
    // the keyboard user's place. Focus still inside (a cell, a field of a form a row opened) stays.
    const active = (this.host.renderRoot as ShadowRoot).activeElement;
    if (this.hadFocus && (!active || !container.contains(active))) target.focus({ preventScroll: true });
  }

  private cellOf(item: HTMLElement, col: number): HTMLElement {
    const cells = this.options.cells(item);
    return cells[Math.max(0, Math.min(col, cells.length - 1))] ?? item;
  }

  private setTabStop(target: HTMLElement): void {
    if (this.tabStop && this.tabStop !== target && this.tabStop.isConnected) this.tabStop.tabIndex = -1;
    if (target.tabIndex !== 0) target.tabIndex = 0;
    this.tabStop = target;
  }

  /**
   * The item and cell an event happened in, if inside the list. `col` is -1 for a control of the
   * item that is not one of its cells (the fields of a form a row opened): it has its own keys.
   */
  private locate(target: EventTarget | null): { items: HTMLElement[]; index: number; col: number } | undefined {
    const container = this.options.container();
    if (!container || !(target instanceof HTMLElement) || !container.contains(target)) return undefined;
    const items = this.options.items(container);
    const index = items.findIndex((item) => item === target || item.contains(target));
    if (index < 0) return undefined;
    const cells = this.options.cells(items[index]!);
    const col = cells.length ? cells.findIndex((cell) => cell === target || cell.contains(target)) : 0;
    return { items, index, col };
  }

  private readonly onFocusIn = (event: Event): void => {
    const at = this.locate(event.composedPath()[0] ?? null);
    if (!at) return;
    this.activeIndex = at.index;
    this.activeKey = at.items[at.index]!.dataset['key'];
    // In a field of the item (not a cell): the Tab stop stays on the cell the user came from,
    // and focus returns there when the field goes away (a form closed).
    if (at.col >= 0) this.activeCol = at.col;
    this.setTabStop(this.cellOf(at.items[at.index]!, this.activeCol));
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const at = this.locate(event.composedPath()[0] ?? null);
    // Arrows, Home/End in a select, a text field or a form's button are that control's own.
    if (!at || at.col < 0) return;
    const nav = navigationOf(event, isRtl(this.host), this.options.homeEnd);
    if (!nav) return;
    const { items } = at;
    let { index, col } = at;
    const last = items.length - 1;
    const cellCount = this.options.cells(items[index]!).length;
    const cards = this.options.layout === 'cards';
    switch (nav) {
      case 'up':
        index -= cards ? columns(items) : 1;
        break;
      case 'down':
        index += cards ? columns(items) : 1;
        break;
      case 'prev':
        if (cards) index--;
        else col--;
        break;
      case 'next':
        if (cards) index++;
        else col++;
        break;
      case 'first':
        index = 0;
        break;
      case 'last':
        index = last;
        break;
      case 'rowStart':
        col = 0;
        break;
      case 'rowEnd':
        col = cellCount - 1;
        break;
      case 'pageUp':
        index -= PAGE_ITEMS;
        break;
      case 'pageDown':
        index += PAGE_ITEMS;
        break;
    }
    event.preventDefault();
    index = Math.max(0, Math.min(last, index));
    col = Math.max(0, Math.min(this.options.cells(items[index]!).length - 1, col));
    const target = this.cellOf(items[index]!, col);
    this.activeIndex = index;
    this.activeKey = items[index]!.dataset['key'];
    this.activeCol = col;
    this.setTabStop(target);
    target.focus();
  };
}

/** Cards per row of a wrapping grid: those on the first row's line. */
function columns(items: HTMLElement[]): number {
  const top = items[0]?.getBoundingClientRect().top ?? 0;
  let n = 0;
  for (const item of items) {
    if (Math.abs(item.getBoundingClientRect().top - top) > 2) break;
    n++;
  }
  return Math.max(1, n);
}
