// The peer page of `make bench-apply`: React 19 + @rjsf/core 6 with the ajv8 validator, rendering the engine's
// merged form of a chain, exported as JSON Schema by core/examples/export_schema.rs. Bundled by esbuild at bench
// time (tools/bench-apply.mjs); the schema is fetched as a separate document, as the app fetches its forms.
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';

const chain = new URLSearchParams(location.search).get('chain') ?? 'birth';
const { schema } = await (await fetch(`./${chain}.schema.json`)).json();
createRoot(document.getElementById('root')).render(
  <Form schema={schema} validator={validator} liveValidate showErrorList={false} />,
);
