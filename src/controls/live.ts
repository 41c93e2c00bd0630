/**
 * What an open UI page hears about (GET /_mock/events): each answered request that changed
 * something or reached the vendor API, and each message's pushes. With no page open nobody
 * listens, and the hooks that feed it stop at one property read.
 */
export type LiveEvent =
  | { type: 'request', method: string, path: string, status: number, vendor: boolean }
  | { type: 'push', app: string, msg_id: string, count: number }

export type LiveListener = (event: LiveEvent) => void

export function createLive () {
  const listeners = new Set<LiveListener>()
  return {
    get listening (): boolean { return listeners.size > 0 },
    /** Adds a listener; the function returned removes it. */
    subscribe (listen: LiveListener): () => void {
      listeners.add(listen)
      return () => { listeners.delete(listen) }
    },
    emit (event: LiveEvent): void {
      for (const listen of listeners) listen(event)
    }
  }
}

export type Live = ReturnType<typeof createLive>
