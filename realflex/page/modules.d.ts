// The little of React 17, ReactDOM 17 and react-redux 7 the page uses. Their own types are not
// installed (they would be three more packages, only for these few names); Flex's .d.ts files
// see these too and degrade to `any` where they name more (skipLibCheck).
declare module "react" {
  export function createElement(type: unknown, props?: object | null, ...children: unknown[]): unknown;
  export const Fragment: unknown;
  export function useEffect(effect: () => void, deps?: readonly unknown[]): void;
}
declare module "react-dom" {
  export function render(element: unknown, container: Element): void;
}
declare module "react-redux" {
  export const Provider: unknown;
}
