// `GET /fixture/workspace`: what the fixture server answers the real-Flex page with, the emulator's
// queues and agents, for the page's stand-in of twilio-taskrouter's Workspace client
// (../fixture/workspace.ts). The server side is sandbox/fixtures/flex/real-flex-workspace.ts.

export const REAL_FLEX_WORKSPACE_PATH = "/fixture/workspace";

export interface RealFlexWorkspace {
  queues: Array<{ sid: string; name: string }>;
  workers: Array<{
    sid: string;
    friendlyName: string;
    activityName: string;
    available: boolean;
    attributes: Record<string, unknown>;
  }>;
}
