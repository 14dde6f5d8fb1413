/**
 * Stands in for `peerjs-js-binarypack`, PeerJS's codec for its `binary` serialization. This app opens every data
 * channel with `serialization: 'raw'` (JSON text frames, src/protocol/messages.ts), so the codec (about 2 kB gzip) would
 * only weigh on the phone's download. `vite.config.ts` aliases the package to this module; the host refuses any
 * channel that asks for another serialization (src/net/host-peer.ts), so these functions are never reached.
 */

/** PeerJS's `pack` and `unpack`: never used (see above). @throws Error always */
function unsupported(_data: unknown): never {
  throw new Error('only serialization "raw" is bundled');
}

export { unsupported as pack, unsupported as unpack };
