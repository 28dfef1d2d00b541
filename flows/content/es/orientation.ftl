# Orientación para mujeres: pantallas de información, test de señales, directorio de servicios y
# menores de edad. Cada pantalla es corta (se lee en un celular). Los datos legales vienen de la
# Ley N° 30364 (arts. 8, 10, 11, 12, 15, 22 y 24), la Ley N° 30314 y el D. Leg. N° 1410; los de los
# programas, de los documentos de los programas (boletín Región Pasco 2023). No agregues teléfonos,
# direcciones ni horarios sin fuente: lo que no se sabe se dice, y se remite a la Línea 100.

## Botones de la pantalla de mujeres (ver content/screens.yaml)

button-women-violence = 🔎 Tipos de violencia
button-go-selfcheck = 📝 Test: ¿hay señales de alerta?
button-go-services = 📍 Servicios cerca de mí
button-women-help = ⚖️ Denunciar y tus derechos
button-women-topics = 💭 Mitos, acoso y trata
button-women-programmes = 🌱 Programas de Warmi Ñan
button-women-minors = 🧒 Si tienes menos de 18

## Tipos de violencia (Ley N° 30364, art. 8)

screen-women-violence =
    🔎 Tipos de violencia

    La Ley N° 30364 reconoce cuatro tipos de violencia contra las mujeres y los integrantes del grupo familiar. Elige uno para ver ejemplos.
button-women-violence-physical = Física
button-women-violence-psychological = Psicológica
button-women-violence-sexual = Sexual
button-women-violence-economic = Económica o patrimonial

screen-women-violence-physical =
    💢 Violencia física

    Es lo que daña tu cuerpo o tu salud. También el descuido o privarte de lo que necesitas, como comida o medicinas.

    Ejemplos: empujones, jalones de cabello, cachetadas, patadas, golpes, lanzarte cosas, apretarte el cuello.

    Puedes pedir ayuda aunque no tengas marcas. No es tu culpa.
screen-women-violence-psychological =
    🗯️ Violencia psicológica

    Es controlarte, aislarte, humillarte o avergonzarte. No deja marcas, pero hace daño.

    Ejemplos: insultos, gritos, burlas, amenazas, celos que te controlan, revisar tu celular, prohibirte ver a tu familia o amistades, decirte que nadie más te va a querer.
screen-women-violence-sexual =
    🚫 Violencia sexual

    Son actos de naturaleza sexual sin tu consentimiento o bajo presión, aunque no haya contacto físico. También pasa dentro de la pareja o el matrimonio.

    Ejemplos: obligarte o presionarte a tener relaciones, tocarte sin permiso, mostrarte pornografía, no dejarte decidir sobre tener hijas o hijos o usar anticonceptivos.

    Si te pasó hace poco: ve cuanto antes a un centro de salud. El kit de emergencia es gratuito.
screen-women-violence-economic =
    💰 Violencia económica o patrimonial

    Es dañar o controlar tu dinero y tus cosas.

    Ejemplos: quitarte tu sueldo, controlar cada sol que gastas, no dejarte trabajar, romper o esconder tus cosas o tus documentos, no pasar la pensión de alimentos.

## Denunciar, el CEM, medidas de protección y derechos

screen-women-help =
    ⚖️ Denunciar y tus derechos

    Elige qué quieres saber. Si tienes dudas, la Línea 100 (gratuita, 24 horas) te orienta.
button-women-help-report = 📝 Cómo denunciar
button-women-help-cem = 🏢 Qué te ofrece un CEM
button-women-help-protection = 🛡️ Medidas de protección
button-women-help-rights = 📜 Tus derechos

screen-women-help-report =
    📝 Cómo denunciar

    Puedes denunciar en una comisaría, en la Fiscalía o en un juzgado de familia. En el CEM te orientan y te acompañan.

    • Es gratis y no necesitas abogada ni abogado.
    • Puede ser de palabra o por escrito.
    • La policía está obligada a recibir tu denuncia.
    • Otra persona que sepa de la violencia también puede denunciar.
screen-women-help-cem =
    🏢 Qué te ofrece un CEM

    Los Centros Emergencia Mujer (CEM) son servicios públicos y gratuitos de Warmi Ñan, del Ministerio de la Mujer. Un equipo te brinda:

    • Atención psicológica.
    • Apoyo social.
    • Orientación y defensa legal.

    Atienden a mujeres, a integrantes de la familia (también niñas, niños y adolescentes) y a personas afectadas por violencia sexual. Algunos funcionan dentro de una comisaría.
screen-women-help-protection =
    🛡️ Medidas de protección

    Cuando denuncias, el juzgado puede dictar medidas para protegerte, por ejemplo:

    • Que el agresor salga de la casa.
    • Que no se te acerque.
    • Que no te llame ni te escriba.
    • Que no tenga armas.

    Si no las cumple, avisa a la policía (105): incumplirlas es delito.
screen-women-help-rights =
    📜 Tus derechos (Ley N° 30364)

    • A una vida libre de violencia y sin discriminación.
    • A información clara sobre tus derechos y los servicios.
    • A asistencia legal gratuita y defensa pública.
    • A atención de salud física y mental gratuita.
    • En el trabajo: a no ser despedida por esto y a justificar faltas y tardanzas por la violencia, dentro de los límites de la ley.
    • En el estudio: a cambiar de horario o de lugar y a justificar tus faltas.

## Mitos, acoso y trata

screen-women-topics =
    💭 Mitos, acoso y trata

    Información para reconocer la violencia cuando se disfraza de amor, de halago o de oportunidad.
button-women-topics-myths = 💘 Mitos del amor romántico
button-women-topics-street = 🚶‍♀️ Acoso en la calle
button-women-topics-online = 📱 Acoso por internet
button-women-topics-trafficking = ⚠️ Trata de personas

screen-women-topics-myths =
    💘 Mitos del amor romántico

    «Los celos son prueba de amor.» No: los celos que controlan son control.
    «El amor todo lo puede.» El amor no cambia a quien te lastima.
    «Sin él no soy nada.» Tú vales por ti misma.
    «Me pegó porque lo provoqué.» Nada justifica la violencia. No es tu culpa.
    «Lo de la casa se queda en casa.» La violencia no es un asunto privado: puedes pedir ayuda.
screen-women-topics-street =
    🚶‍♀️ Acoso sexual en espacios públicos

    Silbidos, «piropos», comentarios sexuales, tocamientos, fotos o videos sin permiso, mostrar los genitales: es acoso, no un halago.

    La Ley N° 30314 lo previene y sanciona, y muchas municipalidades tienen ordenanzas (Carabayllo aprobó una en 2020).

    Si te pasa: busca un lugar con gente, pide ayuda y, si puedes, denuncia en la comisaría.
screen-women-topics-online =
    📱 Acoso por internet

    Mensajes sexuales que no pediste, amenazas, exigir tus contraseñas, vigilar tu ubicación, pedirte fotos íntimas o amenazar con difundirlas: es violencia.

    Difundir fotos o videos íntimos sin permiso, el acoso y el chantaje sexual son delitos en el Perú.

    Guarda capturas de pantalla, bloquea a esa persona y denuncia en la comisaría o la Fiscalía.
screen-women-topics-trafficking =
    ⚠️ Trata de personas

    Es captar, trasladar o retener a una persona para explotarla, sexualmente o en el trabajo. Muchas veces empieza con un engaño: un trabajo o un viaje demasiado buenos, o alguien que promete todo.

    Señales: te piden tu DNI, no te dicen bien dónde vas a trabajar, no te dejan hablar con tu familia.

    Antes de viajar, cuéntale a alguien de confianza. Si sospechas, llama a la Línea 100 o a la policía (105).

## Programas (documentos de los programas; Warmi Ñan: D. S. N° 003-2025-MIMP)

screen-women-programmes =
    🌱 Programas de prevención

    El Programa Nacional Aurora, del Ministerio de la Mujer, ahora se llama Warmi Ñan («camino para la mujer»). Sus servicios siguen siendo los mismos.
button-women-programmes-accompany = 🤝 Mujeres acompañando mujeres
button-women-programmes-empowered = 💪 Mujeres empoderadas y autónomas
button-women-programmes-radio = 📻 Programa de radio
button-women-programmes-chat = 💬 Chat 100

screen-women-programmes-accompany =
    🤝 Mujeres acompañando mujeres

    Voluntarias formadas, llamadas «mentoras», y psicólogas comunitarias acompañan y visitan a mujeres que viven violencia: a las que decidieron denunciar y a las que necesitan fuerza para decidir.

    En Pasco funciona en Chaupimarca, Simón Bolívar y Yanacancha. En 2023 se formaron 51 mentoras.
screen-women-programmes-empowered =
    💪 Mujeres empoderadas y autónomas

    Previene la violencia con autonomía económica: adolescentes y jóvenes se capacitan en habilidades personales, vocacionales y en finanzas.

    En Pasco funciona en Chaupimarca y Yanacancha: en 2023 se capacitaron 56 y 38 emprendieron un negocio.
screen-women-programmes-radio =
    📻 «Aurora te acompaña»

    Es el programa de radio que se produce desde noviembre de 2023 en la Región Pasco y se transmite a las 6 p. m.

    No tengo confirmada la emisora ni los días: pregunta en la Línea 100.
screen-women-programmes-chat =
    💬 Chat 100

    Es el chat del Ministerio de la Mujer que orienta sobre relaciones saludables y señales de violencia.

    No tengo verificado aquí cómo entrar ni su horario: pregunta en la Línea 100 (gratuita, 24 horas).

## Menores de edad

screen-women-minors =
    🧒 Si tienes menos de 18 años

    Lo que te pasa importa y no es tu culpa.

    📞 Línea 100: gratuita, las 24 horas. Te escuchan y te dicen qué hacer.
    🏛️ La DEMUNA de tu municipalidad protege a niñas, niños y adolescentes.

    Cuéntaselo también a una persona adulta de confianza. Si estás en peligro ahora, llama a la policía: 105.
age-ask = Antes de seguir, ¿qué edad tienes? Así te doy la orientación que te corresponde.
age-adult = 18 años o más
age-minor = Menos de 18
minors-next =
    🧒 Como tienes menos de 18 años, estas son tus mejores puertas:
    📞 Línea 100: gratuita, las 24 horas.
    🏛️ La DEMUNA de tu municipalidad.
    Cuéntaselo también a una persona adulta de confianza.

## Test de señales de alerta (preguntas y niveles en content/selfcheck.yaml)

selfcheck-intro =
    📝 Test: ¿hay señales de violencia o de peligro en tu relación?

    Son { $count } preguntas rápidas sobre tu pareja o expareja, basadas en el violentómetro y en la Evaluación de Peligro (Danger Assessment) de Jacquelyn Campbell. Es una orientación, no un diagnóstico. Al terminar, borro tus respuestas.
selfcheck-progress = Pregunta { $number } de { $count }
selfcheck-yes = Sí
selfcheck-sometimes = A veces
selfcheck-unsure = Quizás
selfcheck-no = No
selfcheck-type-answer = Responde con los botones, o escribe «sí», «a veces», «quizás» o «no».
selfcheck-again = 🔁 Hacer el test otra vez
selfcheck-button-mentora-now = 🤝 Hablar con una mentora ahora

selfcheck-q-jealous = ¿Te cela, revisa tu celular o quiere saber siempre dónde y con quién estás?
selfcheck-q-isolate = ¿Te aleja de tu familia o tus amistades, o no te deja salir, estudiar o trabajar?
selfcheck-q-humiliate = ¿Te insulta, te humilla o se burla de ti, a solas o delante de otras personas?
selfcheck-q-money = ¿Controla tu dinero, te lo quita o no te da para los gastos de la casa?
selfcheck-q-hit = ¿Te ha empujado, jaloneado, cacheteado, golpeado o ha roto tus cosas?
selfcheck-q-fear = ¿Sientes miedo de él o de cómo va a reaccionar?
selfcheck-q-worse = ¿Las agresiones son cada vez más seguidas o más fuertes que hace un año?
selfcheck-q-strangle = ¿Alguna vez te ha apretado el cuello, te ha ahorcado o no te ha dejado respirar?
selfcheck-q-weapon = ¿Tiene un arma (de fuego, un cuchillo u otra) o te ha amenazado con una?
selfcheck-q-kill = ¿Te ha amenazado con matarte, o con matar a tus hijas, hijos o a alguien que quieres?
selfcheck-q-separation = ¿Te separaste de él en el último año, o estás por hacerlo, y él no lo acepta?
selfcheck-q-pregnant = ¿Te ha golpeado alguna vez estando embarazada?
selfcheck-q-stalk = ¿Te sigue, te vigila o te manda mensajes o amenazas cuando no estás con él?
selfcheck-q-sex = ¿Te ha obligado a tener relaciones sexuales o a hacer cosas sexuales que no querías?
selfcheck-q-capable = ¿Crees que es capaz de matarte?

selfcheck-level-none =
    ⚪ No marcaste ninguna de estas señales.

    Confía en lo que sientes: si algo te incomoda o te da miedo, igual puedes hablarlo.
selfcheck-level-caution =
    🟡 ¡Ten cuidado! Lo que marcaste es violencia, aunque no haya golpes.

    Los celos, el control, las humillaciones y el control del dinero son violencia psicológica o económica. No es tu culpa, y suele aumentar con el tiempo.
selfcheck-level-react =
    🟠 ¡Reacciona! Hay violencia física o miedo en tu relación.

    Tu seguridad está en riesgo. Mereces estar a salvo y tienes derecho a pedir ayuda y protección.
selfcheck-level-urgent =
    🔴 Marcaste señales de peligro grave.

    Lo que contaste está entre las señales más asociadas a que la violencia ponga en riesgo tu vida. Tu seguridad es lo primero, y no estás sola.
selfcheck-next-none = Si quieres saber más, mira los tipos de violencia. Si te preocupa alguien cercana, en el menú está «Quiero ayudar a alguien».
selfcheck-next-caution =
    Qué puedes hacer:
    • Cuéntaselo a una persona de confianza.
    • Llama a la Línea 100 (gratuita, 24 horas) para orientarte, o acude al CEM de tu zona.
    • Arma tu plan de seguridad, por si la violencia aumenta.
    • Si quieres, una mentora o una psicóloga comunitaria puede acompañarte.
selfcheck-next-react =
    Qué puedes hacer ahora:
    • Llama a la Línea 100 (gratuita, 24 horas) o acude al CEM de tu zona: allí te ayudan a denunciar y a pedir medidas de protección.
    • Si te golpea o te amenaza en este momento, llama a la policía: 105.
    • Arma tu plan de seguridad: un lugar adonde ir, una persona de confianza, una bolsa lista.
    • Pide que una mentora te acompañe.
selfcheck-next-urgent =
    Qué hacer hoy:
    • Si estás en peligro ahora: policía 105. Línea 100: gratuita, las 24 horas.
    • Arma ahora tu plan de seguridad (toma pocos minutos).
    • Pide una mentora: tu pedido llegará como prioritario. El equipo solo verá que es prioritario, nunca tus respuestas.
    • No le cuentes que estás buscando ayuda o que piensas irte.
selfcheck-next-urgent-minor = Si estás en peligro ahora: policía 105. Línea 100: gratuita, las 24 horas.
selfcheck-disclaimer = Este test es una orientación, no un diagnóstico, y no reemplaza la evaluación de un CEM. Ya borré tus respuestas.
