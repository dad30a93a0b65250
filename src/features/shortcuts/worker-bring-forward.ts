/**
 * Brings the agent's tab of a site forward (the one used last), or opens the site when no tab
 * shows it: "Open Flex" in the popup and the keyboard shortcuts to Flex and to Hunkware. Two tabs
 * of Flex would be two Flex sessions, and Hunkware is always the one tab: an existing tab wins.
 */
import { lastUsedTab } from "../../domain/flex-tab.ts";

interface Tab {
  id?: number;
  windowId?: number;
  url?: string;
  lastAccessed?: number;
}

export interface TabsApi {
  tabs: {
    query(query: Record<string, never>): Promise<Tab[]>;
    update(id: number, props: { active: boolean }): Promise<unknown>;
    create(props: { url: string }): Promise<unknown>;
  };
  windows: { update(id: number, props: { focused: boolean }): Promise<unknown> };
}

export async function bringForward(
  api: TabsApi,
  isSite: (url: string) => boolean,
  openUrl: string | null,
): Promise<void> {
  // A tab's URL is known only for origins we hold host permission for; without it we open a new tab.
  const tabs = await api.tabs.query({}).catch(() => []);
  const tab = lastUsedTab(tabs, isSite);
  if (tab?.id !== undefined) {
    await api.tabs.update(tab.id, { active: true });
    if (tab.windowId !== undefined) await api.windows.update(tab.windowId, { focused: true });
    return;
  }
  if (openUrl) await api.tabs.create({ url: openUrl });
}
