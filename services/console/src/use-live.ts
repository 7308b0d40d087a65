import { print } from '@0no-co/graphql.web';
import { useEffect, useRef } from 'react';
import type { TadaDocumentNode } from './graphql.ts';
import { useSession } from './session.tsx';

/** Back-off between reconnections after the stream broke: from 1 s, doubling, at most 30 s. */
const RETRY_MS = { first: 1_000, most: 30_000 } as const;

/**
 * Follows a GraphQL subscription over server-sent events (fetch, so the bearer token goes in a header, never
 * in a URL), calling `onNext` for each change. Reconnects after a broken stream; an expired session signs out.
 */
export function useLive<Result, Variables>(
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  onNext: (result: Result) => void,
): void {
  const { session, signOut } = useSession();
  const latest = useRef(onNext);
  latest.current = onNext;
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (!session) return;
    const abort = new AbortController();
    let retry: number = RETRY_MS.first;
    const follow = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        try {
          const response = await fetch('/graphql', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${session.token}`,
              'content-type': 'application/json',
              accept: 'text/event-stream',
            },
            body: JSON.stringify({ query: print(document), variables: JSON.parse(key) }),
            signal: abort.signal,
          });
          if (response.status === 401) return signOut(true);
          if (response.ok && response.body) {
            retry = RETRY_MS.first;
            // Refused (the case went out of reach, or does not exist): nothing more will come. A stream that
            // ended otherwise (the gateway restarting) or broke is opened again.
            if ((await readEvents(response.body, (data) => latest.current(data as Result))) === 'refused')
              return;
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        await new Promise((resolve) => setTimeout(resolve, retry));
        retry = Math.min(retry * 2, RETRY_MS.most);
      }
    };
    void follow();
    return () => abort.abort();
  }, [session, signOut, document, key]);
}

/** Reads `event: next` messages of a GraphQL-over-SSE stream, until it was refused, ended or broke. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  onData: (data: unknown) => void,
): Promise<'refused' | 'ended' | 'broken'> {
  let refused = false;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'broken';
    buffer += decoder.decode(value, { stream: true });
    for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
      const message = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event = /^event: (.*)$/m.exec(message)?.[1];
      const data = /^data: (.*)$/m.exec(message)?.[1];
      if (event === 'complete') return refused ? 'refused' : 'ended';
      if (event === 'next' && data) {
        const payload = JSON.parse(data) as { data?: unknown; errors?: unknown[] };
        if (payload.errors?.length) refused = true;
        if (payload.data) onData(payload.data);
      }
    }
  }
}
