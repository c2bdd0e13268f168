import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ServeMetrics } from '../metrics.js';
import type { ProtocolContext } from '../protocols/context.js';
import { registerKServe } from '../protocols/kserve.js';
import { registerTfServing } from '../protocols/tfserving.js';
import { requireApiKey } from './apiKey.js';
import { registerBodyParsers } from './bodyParsers.js';
import { errorReply } from './errorReply.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on inference routes: their requests are counted per protocol. */
    protocol?: string;
  }
}

/** The model name in an inference URL of either protocol. */
const MODEL_IN_URL = /^\/v[12]\/models\/([^/:?]+)/;

export interface HttpOptions {
  bodyLimitBytes: number;
  apiKey: string | undefined;
  serverVersion: string;
  log: (line: string) => void;
}

/** The HTTP front: body parsers, API key, both protocols, /metrics, errors as `{"error": ...}`. */
export function createHttpServer(ctx: ProtocolContext, metrics: ServeMetrics, options: HttpOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: options.bodyLimitBytes, logger: false, return503OnClosing: true, forceCloseConnections: true });
  registerBodyParsers(app);
  if (options.apiKey !== undefined) requireApiKey(app, options.apiKey);
  app.setErrorHandler(errorReply(options.log));
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `no route ${request.method} ${request.url}` }));
  // A callback hook, not an async one: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const protocol = request.routeOptions.config.protocol;
    if (protocol !== undefined) {
      // Named from the URL, so requests refused before their body was read count for their model;
      // names that are not served share one label (clients cannot grow the label set).
      const named = MODEL_IN_URL.exec(request.url)?.[1];
      const model = named !== undefined && ctx.registry.find(named) !== undefined ? named : 'unknown';
      metrics.requestDone(model, protocol, reply.statusCode, reply.elapsedTime / 1000);
    }
    done();
  });
  registerTfServing(app, ctx);
  registerKServe(app, ctx, options.serverVersion);
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  return app;
}
