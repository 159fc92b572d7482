/** One entry of the web view's route table, and the policy its pages are sent with. */
import type http from "node:http";
import { PAGE_POLICY } from "./pages.js";

export interface WebRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  /** The route's path pattern matched against the URL's path (its groups are the page's parameters). */
  match: RegExpExecArray;
}

export interface WebRoute {
  method: "GET" | "POST";
  path: RegExp;
  handle(r: WebRequest): Promise<void> | void;
}

/** The pages' policy, but forms may post to this origin (the link's one button posts; a GET never changes state). */
export const WEB_VIEW_POLICY = PAGE_POLICY.replace("form-action 'none'", "form-action 'self'");
