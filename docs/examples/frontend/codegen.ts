// GraphQL Code Generator: types for every operation in operations.graphql, from Loket's exported schema.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../../schema/schema.graphql",
  documents: ["operations.graphql"],
  generates: {
    "generated/graphql.ts": {
      plugins: ["typescript-operations"],
      config: {
        // Every custom scalar is named: an unknown one fails the build instead of becoming `any`.
        strictScalars: true,
        scalars: {
          ID: "string",
          DateTime: "string",
          Date: "string",
          JSON: "unknown",
          Upload: "File",
        },
        enumType: "string-literal",
        avoidOptionals: { field: true, inputValue: false },
        useTypeImports: true,
      },
    },
  },
};

export default config;
